import { Route, Routes } from 'react-router';
import { NotFound } from '../../app/routes';
import { CataloguePage } from './pages/CataloguePage';
import { EventDetailPage } from './pages/EventDetailPage';
import { RecentEventsPage } from './pages/RecentEventsPage';

/** The events section's pages (mounted at /events/* by app/routes.tsx). */
export function EventsRoutes() {
  return (
    <Routes>
      <Route index element={<CataloguePage />} />
      <Route path="recent" element={<RecentEventsPage />} />
      <Route path=":id" element={<EventDetailPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
