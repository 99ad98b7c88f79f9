import { useEffect, useState } from 'react';
import type { ValidateFilter } from './filter-check';

let loading: Promise<ValidateFilter | null> | null = null;

/** libs/shared's filter validation, loaded once on demand: with re2js it is ~160 kB, needed only by filter fields. */
function loadValidateFilter(): Promise<ValidateFilter | null> {
  loading ??= import('@conduit/shared/filters/filter').then(
    (module) => module.validateFilter,
    () => null, // not loaded (offline, new deploy): the API still checks the filter on save
  );
  return loading;
}

/** The API's validateFilter once it is loaded, null until then. */
export function useValidateFilter(): ValidateFilter | null {
  const [validate, setValidate] = useState<ValidateFilter | null>(null);
  useEffect(() => {
    let mounted = true;
    void loadValidateFilter().then((loaded) => {
      if (mounted && loaded) setValidate(() => loaded);
    });
    return () => {
      mounted = false;
    };
  }, []);
  return validate;
}
