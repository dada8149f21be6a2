import { useEffect } from 'react';
import { Layout } from './Layout';
import { useRouter } from './router-store';
import { screens } from './screens';
import { startSession } from './session-store';
import { startSync } from '../features/sync/sync-store';
import { startUpdates } from '../features/updates/update-store';
import { startTransfers } from '../features/files/transfers-store';
import { applyTheme, useTheme } from './theme-store';

export function App() {
  useEffect(startSession, []);
  useEffect(startSync, []);
  useEffect(startUpdates, []);
  useEffect(startTransfers, []);
  const screen = useRouter((s) => s.screen);
  const theme = useTheme((s) => s.choice);
  useEffect(() => applyTheme(theme), [theme]);
  useEffect(() => void useTheme.getState().load(), []);
  const Page = screens[screen];
  return (
    <Layout>
      <Page />
    </Layout>
  );
}
