import { describe, expect, it } from 'vitest';
import { keyConditions, topLevelNames } from '../../src/dynamodb/expressions';
import { CallError } from '../../src/dynamodb/from-command';

describe('topLevelNames', () => {
  // Examples from the DynamoDB guide's expression pages (ProductCatalog item).
  it.each([
    ['Title', {}, ['Title']],
    ['Title, Price, Color', {}, ['Title', 'Price', 'Color']],
    ['Pictures.FrontView, RelatedItems[0], ProductReviews.FiveStar[1]', {}, ['Pictures', 'RelatedItems', 'ProductReviews']],
    ['#pr.#5star, #c', { '#pr': 'ProductReviews', '#5star': 'FiveStar', '#c': 'Comment' }, ['ProductReviews', 'Comment']],
    ['attribute_not_exists(Id) AND begins_with(#t, :p)', { '#t': 'Title' }, ['Id', 'Title']],
    ['size(Color) > :n OR NOT contains(Brand, :b)', {}, ['Color', 'Brand']],
    ['Price BETWEEN :lo AND :hi AND ProductCategory IN (:a, :b)', {}, ['Price', 'ProductCategory']],
    // Update expression: targets of every clause and names read on the right-hand side.
    [
      'SET Price = Price - :d, #s = if_not_exists(#s, :z) REMOVE Brand ADD QuantityOnHand :q DELETE Color :c',
      { '#s': 'Sold' },
      ['Price', 'Sold', 'Brand', 'QuantityOnHand', 'Color'],
    ],
    ['set Alias = list_append(RelatedItems, :l)', {}, ['Alias', 'RelatedItems']],
  ])('%s', (expression, names, expected) => {
    expect(topLevelNames(expression, names, 'Expr')).toEqual(expected);
  });

  it.each([
    ['#missing = :v', 'is not defined in ExpressionAttributeNames'],
    ['Title = :v)', 'unbalanced'],
    ['(Title = :v', 'unclosed'],
    ['Title = @v', 'unexpected character "@"'],
    ['Title = :', 'is not followed by a name'],
  ])('rejects %s', (expression, message) => {
    expect(() => topLevelNames(expression, {}, 'Expr')).toThrow(CallError);
    expect(() => topLevelNames(expression, {}, 'Expr')).toThrow(message);
  });
});

describe('keyConditions', () => {
  it.each([
    ['Artist = :a', [{ attribute: 'Artist', operator: '=', values: [':a'] }]],
    [':a = #pk', [{ attribute: 'Artist', operator: '=', values: [':a'] }]],
    [
      '#pk = :a AND SongTitle BETWEEN :x AND :y',
      [
        { attribute: 'Artist', operator: '=', values: [':a'] },
        { attribute: 'SongTitle', operator: 'BETWEEN', values: [':x', ':y'] },
      ],
    ],
    [
      '(Artist = :a) and (begins_with(SongTitle, :p))',
      [
        { attribute: 'Artist', operator: '=', values: [':a'] },
        { attribute: 'SongTitle', operator: 'begins_with', values: [':p'] },
      ],
    ],
    [
      ':t > SongTitle AND Artist = :a',
      [
        { attribute: 'SongTitle', operator: '<', values: [':t'] },
        { attribute: 'Artist', operator: '=', values: [':a'] },
      ],
    ],
  ])('%s', (expression, expected) => {
    expect(keyConditions(expression, { '#pk': 'Artist' }, 'KeyConditionExpression')).toEqual(expected);
  });

  it.each(['Artist = :a OR Artist = :b', 'Artist = Title', 'contains(Artist, :a)', ''])('rejects "%s"', (expression) => {
    expect(() => keyConditions(expression, {}, 'KeyConditionExpression')).toThrow(CallError);
  });
});
