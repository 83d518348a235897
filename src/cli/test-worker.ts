/**
 * A worker thread of `iamspec test` (see parallel-files.ts): takes files from the shared counter
 * until none is left, and sends each one's printed text and counts to the main thread.
 */
import { workerData } from 'node:worker_threads';
// A worker is a fresh module graph: DynamoDB is registered with its engine as the CLI's is.
import '../dynamodb/register';
import { printFile, takeFile, type WorkerInput } from './parallel-files';

const input = workerData as WorkerInput;
for (let index = takeFile(input.next, input.files.length); index !== undefined; index = takeFile(input.next, input.files.length)) {
  input.port.postMessage(printFile(input, index));
  Atomics.add(input.sent, 0, 1);
  Atomics.notify(input.sent, 0);
}
input.port.close();
