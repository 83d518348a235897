/** The DynamoDB model: ARNs, the action catalog, API-to-action mapping and condition keys. */

export * from './arn';
export * from './catalog';
export * from './condition-keys';
export * from './from-command';
