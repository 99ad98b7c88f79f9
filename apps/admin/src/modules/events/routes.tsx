import { Route, Routes } from 'react-router';
import { PageHeader } from '../../components/PageHeader';

/** The events section's pages (mounted at /events/* by app/routes.tsx). */
export function EventsRoutes() {
  return (
    <Routes>
      <Route index element={<PageHeader title="Events" />} />
    </Routes>
  );
}
