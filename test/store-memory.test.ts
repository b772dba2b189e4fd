/** The store conformance suite on MemoryCaStore (the reference). */
import { MemoryCaStore } from '../src/ca/index';
import { describeStoreConformance } from './store-conformance';

describeStoreConformance('MemoryCaStore', async () => new MemoryCaStore());
