/** The store conformance suite on the CLI's file-system store. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsCaStore } from '../src/node/fs-store';
import { describeStoreConformance } from './store-conformance';

describeStoreConformance('FsCaStore', async () => FsCaStore.open(mkdtempSync(join(tmpdir(), 'certkit-conf-'))));
