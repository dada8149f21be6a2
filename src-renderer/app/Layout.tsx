import { ClipboardCheck, FileText, FolderArchive, LayoutDashboard, Library, Settings, Trash2 } from 'lucide-react';
import type { ReactNode } from 'react';
import { PurgeNoticeBanner } from '../features/account/PurgeNoticeBanner';
import { GlobalSearch } from '../features/search/GlobalSearch';
import { UpdateBanner } from '../features/updates/UpdateBanner';
import { SyncBanner } from '../features/sync/SyncBanner';
import { ConnectionBanner } from './ConnectionBanner';
import { StatusBar } from './StatusBar';
import { useRouter, type Screen } from './router-store';
import { Toasts } from './Toasts';

const NAV: { screen: Screen; label: string; icon: ReactNode }[] = [
  { screen: 'dashboard', label: 'Dashboard', icon: <LayoutDashboard aria-hidden size={18} /> },
  { screen: 'frameworks', label: 'Frameworks', icon: <Library aria-hidden size={18} /> },
  { screen: 'policies', label: 'Policies', icon: <FileText aria-hidden size={18} /> },
  { screen: 'evidence', label: 'Evidence', icon: <FolderArchive aria-hidden size={18} /> },
  { screen: 'audits', label: 'Audits', icon: <ClipboardCheck aria-hidden size={18} /> },
  { screen: 'trash', label: 'Trash', icon: <Trash2 aria-hidden size={18} /> },
  { screen: 'settings', label: 'Settings', icon: <Settings aria-hidden size={18} /> },
];

export function Layout({ children }: { children: ReactNode }) {
  const { screen, go } = useRouter();
  return (
    <div className="app-shell">
      {/* Moves focus only: the hash belongs to the router. */}
      <a
        className="skip-link"
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <nav className="sidebar" aria-label="Main">
        <div className="brand">ComplyFlow</div>
        <ul>
          {NAV.map((item) => (
            <li key={item.screen}>
              <a
                href={`#/${item.screen}`}
                aria-current={screen === item.screen ? 'page' : undefined}
                onClick={(event) => {
                  event.preventDefault();
                  go(item.screen);
                }}
              >
                {item.icon}
                <span>{item.label}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="main-column">
        <header className="app-header">
          <GlobalSearch />
        </header>
        <ConnectionBanner />
        <SyncBanner />
        <UpdateBanner />
        <PurgeNoticeBanner />
        <main id="main" className="content" tabIndex={-1}>
          {children}
        </main>
      </div>
      <StatusBar />
      <Toasts />
    </div>
  );
}
