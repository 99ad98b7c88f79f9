import { graphql } from '../../generated';

/** A request as Conduit sent it (delivery attempts, action and credential tests); secrets arrive redacted. */
export const HTTP_REQUEST_LOG_FIELDS = graphql(`
  fragment HttpRequestLogFields on HttpRequestLog {
    method
    url
    headers {
      name
      value
    }
    body
  }
`);

/** A response as Conduit received it; a long body is cut (bodyTruncated). */
export const HTTP_RESPONSE_LOG_FIELDS = graphql(`
  fragment HttpResponseLogFields on HttpResponseLog {
    status
    headers {
      name
      value
    }
    body
    bodyTruncated
  }
`);
