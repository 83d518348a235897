import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64 } from '../../src/dynamodb/from-command/values';
import { fromCommand } from '../../src/dynamodb/from-command';

const OPTIONS = { account: '123456789012', region: 'us-west-2', keySchema: { partitionKey: 'pk', sortKey: 'sk' } };

/** A partition-key value in AttributeValue form, with the text LeadingKeys must hold. */
const keyValue = fc.oneof(
  fc.string().map((s) => [{ S: s }, s] as const),
  fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })).map((n) => [{ N: String(n) }, String(n)] as const),
  fc.uint8Array({ maxLength: 40 }).map((bytes) => [{ B: bytes }, Buffer.from(bytes).toString('base64')] as const),
);

describe('GetItem LeadingKeys', () => {
  it('is the partition-key value, whatever the key and the other key attribute', () => {
    fc.assert(
      fc.property(keyValue, fc.string(), ([value, text], sort) => {
        const { requests } = fromCommand('GetItem', { TableName: 'Games', Key: { sk: { S: sort }, pk: value } }, OPTIONS);
        expect(requests).toHaveLength(1);
        expect(requests[0]?.context['dynamodb:LeadingKeys']).toEqual([text]);
      }),
    );
  });

  it('is the same for the DocumentClient form of the key', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.integer()), (value) => {
        const { requests } = fromCommand('GetCommand', { TableName: 'Games', Key: { pk: value, sk: 'x' } }, OPTIONS);
        expect(requests[0]?.context['dynamodb:LeadingKeys']).toEqual([String(value)]);
      }),
    );
  });
});

describe('base64', () => {
  it("agrees with Node's encoder", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => base64(bytes) === Buffer.from(bytes).toString('base64')));
  });
});
