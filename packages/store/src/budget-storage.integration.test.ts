import { budgetStorageConformance } from '@jobintel/token-tracker/conformance';
import { createTestDatabase, testDrivers } from './testing.js';

for (const driver of testDrivers()) {
  budgetStorageConformance(`registry database on ${driver}`, async () => {
    const db = await createTestDatabase(driver);
    let store = await db.open();
    return {
      storage: store.budgetStorage(),
      async reopen() {
        await store.close();
        store = await db.open();
        return store.budgetStorage();
      },
      async cleanup() {
        await store.close();
        await db.drop();
      },
    };
  });
}
