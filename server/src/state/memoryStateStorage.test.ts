import { MemoryStateStorage } from './memoryStateStorage.ts';
import { describeStateStorageContract } from './stateStorageContract.ts';

describeStateStorageContract('MemoryStateStorage', () => {
  const storage = new MemoryStateStorage();
  return { open: () => storage, cleanup: () => {} };
});
