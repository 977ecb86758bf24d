using System;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EntraGuard.Collection;
using Microsoft.Kiota.Abstractions;

namespace EntraGuard.Graph
{
    /// <summary>
    /// Collects Microsoft Entra ID Protection risk detections for users and, optionally, for service principals. Their
    /// API allows one request per second per tenant (the session's Identity Protection limiter keeps to it) and
    /// answers 429 without Retry-After (the SDK's retry handler then backs off exponentially); pages hold up to 500.
    /// Without the licence Graph hides risk levels: the collection says so once and goes on.
    /// </summary>
    public sealed class GraphRiskDetectionCollector
    {
        public const string UserPermissions = "IdentityRiskEvent.Read.All (and an Entra ID P1 or P2 licence)";
        public const string ServicePrincipalPermissions =
            "IdentityRiskyServicePrincipal.Read.All (and Workload Identities Premium)";
        private const string ActivityText = "Identity Protection risk detections from Microsoft Graph";

        private readonly GraphSession _session;

        public GraphRiskDetectionCollector(GraphSession session) =>
            _session = session ?? throw new ArgumentNullException(nameof(session));

        /// <summary>
        /// Delivers the detections raised in [since, until], users' first, then service principals' when asked for. A
        /// tenant that cannot read service principal detections (licence or permission) gets a warning, not a failure.
        /// Returns the number delivered.
        /// </summary>
        public async Task<long> CollectAsync(
            DateTimeOffset since,
            DateTimeOffset until,
            bool includeServicePrincipals,
            Action<IdentityProtectionDetection> deliver,
            CollectionObserver? observer = null,
            CancellationToken cancellationToken = default
        )
        {
            if (deliver is null)
                throw new ArgumentNullException(nameof(deliver));
            if (since > until)
                throw new ArgumentException(
                    $"The start of the range ({since:o}) is after its end ({until:o}).",
                    nameof(since)
                );
            observer ??= CollectionObserver.None;
            var filter = ODataFilter.AllOf(
                new[]
                {
                    $"detectedDateTime ge {ODataFilter.Time(since)}",
                    $"detectedDateTime le {ODataFilter.Time(until)}",
                }
            );
            var counts = new Counts();

            await CollectSubjectAsync(DetectionSubject.User, filter, deliver, observer, counts, cancellationToken)
                .ConfigureAwait(false);
            if (includeServicePrincipals)
            {
                try
                {
                    await CollectSubjectAsync(
                            DetectionSubject.ServicePrincipal,
                            filter,
                            deliver,
                            observer,
                            counts,
                            cancellationToken
                        )
                        .ConfigureAwait(false);
                }
                catch (GraphRequestException error) when (error.Kind == GraphErrorKind.PermissionDenied)
                {
                    observer.Warning?.Invoke($"Service principal risk detections were not read: {error.Message}");
                }
            }
            if (counts.Hidden > 0)
            {
                observer.Warning?.Invoke(
                    $"{counts.Hidden} risk detection(s) have their risk level hidden by Graph: the tenant lacks "
                        + $"the licence that shows it (Entra ID P2; Workload Identities Premium for service "
                        + $"principals)."
                );
            }
            return counts.Delivered;
        }

        private async Task CollectSubjectAsync(
            DetectionSubject subject,
            string filter,
            Action<IdentityProtectionDetection> deliver,
            CollectionObserver observer,
            Counts counts,
            CancellationToken cancellationToken
        )
        {
            var user = subject == DetectionSubject.User;
            var chain = new PageChain<IdentityProtectionDetection>(
                _session,
                user ? "reading risk detections" : "reading service principal risk detections",
                user ? UserPermissions : ServicePrincipalPermissions,
                body => Parse(body, subject),
                observer
            );
            RequestInformation First() =>
                user
                    ? _session.Client.IdentityProtection.RiskDetections.ToGetRequestInformation(r =>
                    {
                        r.QueryParameters.Filter = filter;
                        r.QueryParameters.Top = _session.Settings.RiskDetectionPageSize;
                    })
                    : _session.Client.IdentityProtection.ServicePrincipalRiskDetections.ToGetRequestInformation(r =>
                    {
                        r.QueryParameters.Filter = filter;
                        r.QueryParameters.Top = _session.Settings.RiskDetectionPageSize;
                    });

            await chain
                .FollowAsync(
                    First,
                    null,
                    page =>
                    {
                        foreach (var detection in page.Items)
                        {
                            if (detection.IsRiskHidden)
                                counts.Hidden++;
                            deliver(detection);
                            counts.Delivered++;
                        }
                        observer.Progress?.Invoke(
                            new CollectionProgress(
                                ActivityText,
                                counts.Delivered,
                                chain.Pages,
                                null,
                                user ? 1 : 2,
                                2,
                                $"{subject} detections, page {chain.Pages}"
                            )
                        );
                    },
                    null,
                    cancellationToken
                )
                .ConfigureAwait(false);
        }

        private static Page<IdentityProtectionDetection> Parse(Stream body, DetectionSubject subject)
        {
            try
            {
                var (detections, next) = IdentityProtectionDetection.ReadPage(body, subject);
                return new Page<IdentityProtectionDetection>(detections, next);
            }
            catch (JsonException ex)
            {
                // A cut or garbled page: transient, so the page is asked for again.
                throw new IOException($"the risk detections page is not valid JSON ({ex.Message})", ex);
            }
        }

        private sealed class Counts
        {
            public long Delivered;
            public long Hidden;
        }
    }
}
