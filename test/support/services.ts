// The package's entry points register DynamoDB with the engine; tests that import a module of the
// source directly get the same default through this setup file.
import '../../src/dynamodb/register';
