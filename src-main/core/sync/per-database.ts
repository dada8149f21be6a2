/**
 * Memoizes what is built from a database once (prepared statements, table writers), per open
 * database and key. Held weakly, so a closed and dropped database takes its statements with it.
 */
import type { Db } from '../db/database';

export function perDatabase<K, V>(make: (db: Db, key: K) => V): (db: Db, key: K) => V {
  const cache = new WeakMap<Db, Map<K, V>>();
  return (db, key) => {
    let byKey = cache.get(db);
    if (!byKey) {
      byKey = new Map();
      cache.set(db, byKey);
    }
    let value = byKey.get(key);
    if (value === undefined) {
      value = make(db, key);
      byKey.set(key, value);
    }
    return value;
  };
}
