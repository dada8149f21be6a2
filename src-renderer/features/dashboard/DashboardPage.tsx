import { PageHeader } from '../../components/PageHeader';

export function DashboardPage() {
  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Dashboard" />
      <p className="empty-state">Readiness per framework, expiring evidence, overdue policies and open findings will appear here.</p>
    </section>
  );
}
