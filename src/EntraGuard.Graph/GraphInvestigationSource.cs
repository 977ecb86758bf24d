using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EntraGuard.Collection;
using EntraGuard.Ingest;
using EntraGuard.Investigation;

namespace EntraGuard.Graph
{
    /// <summary>
    /// An investigation's data from Microsoft Graph: the plan's sign-in queries through the sign-in collector, its
    /// audit queries through the audit collector (both under the reports API's limit, filters pushed down), and the
    /// targets' reach from the directory: app role assignments (named by their resource's app roles, each resource
    /// read once), delegated grants and directory role assignments.
    /// </summary>
    public sealed class GraphInvestigationSource : IInvestigationSource
    {
        public const string Permissions =
            "AuditLog.Read.All and Directory.Read.All for the logs, Application.Read.All for the permissions held and "
            + "RoleManagement.Read.Directory for the directory roles";
        private const string ReachPermissions = "Application.Read.All and RoleManagement.Read.Directory";

        private readonly GraphSession _session;
        private readonly CollectionObserver _observer;
        private readonly Dictionary<string, Resource> _resources = new(StringComparer.OrdinalIgnoreCase);

        public GraphInvestigationSource(GraphSession session, CollectionObserver? observer = null)
        {
            _session = session ?? throw new ArgumentNullException(nameof(session));
            _observer = observer ?? CollectionObserver.None;
        }

        public bool AnswersPlan => true;

        public IEnumerable<SignInEvent> ReadSignIns(
            InvestigationPlan plan,
            ReadStatistics statistics,
            CancellationToken cancellationToken
        )
        {
            var collector = new GraphSignInCollector(_session);
            foreach (var query in plan.SignInQueries)
            {
                foreach (var signIn in collector.Read(query, _observer, null, cancellationToken))
                {
                    statistics.AddEvent();
                    yield return signIn;
                }
            }
        }

        public IEnumerable<AuditEvent> ReadAuditEvents(
            InvestigationPlan plan,
            ReadStatistics statistics,
            CancellationToken cancellationToken
        )
        {
            // An event can answer two queries (the actor's and the target's): it is one event.
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var collector = new GraphAuditCollector(_session);
            foreach (var query in plan.AuditQueries)
            {
                foreach (var auditEvent in collector.Read(query, _observer, null, cancellationToken))
                {
                    if (!seen.Add(auditEvent.Id))
                        continue;
                    statistics.AddEvent();
                    yield return auditEvent;
                }
            }
        }

        public TargetReach? ReadReach(ReachSubject subject, CancellationToken cancellationToken) =>
            ReadReachAsync(subject, cancellationToken).GetAwaiter().GetResult();

        private async Task<TargetReach> ReadReachAsync(ReachSubject subject, CancellationToken cancellationToken)
        {
            var id = Uri.EscapeDataString(subject.ObjectId);
            var roles = await Refusable(
                    "directory roles",
                    subject,
                    async () =>
                        (IReadOnlyList<HeldRole>)
                            (
                                await ReadAllAsync(
                                        "/roleManagement/directory/roleAssignments?$filter="
                                            + Uri.EscapeDataString($"principalId eq '{subject.ObjectId}'")
                                            + "&$expand=roleDefinition",
                                        item =>
                                            item.TryGetProperty("roleDefinition", out var role)
                                            && role.ValueKind == JsonValueKind.Object
                                                ? new HeldRole(Text(role, "id") ?? "", Text(role, "displayName") ?? "")
                                                : new HeldRole(Text(item, "roleDefinitionId") ?? "", ""),
                                        cancellationToken
                                    )
                                    .ConfigureAwait(false)
                            )
                                .Select(r => r.DisplayName.Length > 0 ? r : r with { DisplayName = r.RoleDefinitionId })
                                .Distinct()
                                .ToArray()
                )
                .ConfigureAwait(false);
            if (!subject.IsServicePrincipal)
                return new TargetReach { DirectoryRoles = roles };

            var permissions = await Refusable(
                    "application permissions",
                    subject,
                    () =>
                        ReadByResourceAsync(
                            $"/servicePrincipals/{id}/appRoleAssignments?$select=appRoleId,resourceId",
                            "appRoleId",
                            (resource, roleId) =>
                                new[] { resource.AppRoles.TryGetValue(roleId, out var value) ? value : roleId },
                            cancellationToken
                        )
                )
                .ConfigureAwait(false);
            var grants = await Refusable(
                    "delegated grants",
                    subject,
                    () =>
                        ReadByResourceAsync(
                            $"/servicePrincipals/{id}/oauth2PermissionGrants?$select=resourceId,scope",
                            "scope",
                            (_, scopes) => scopes.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries),
                            cancellationToken
                        )
                )
                .ConfigureAwait(false);
            return new TargetReach
            {
                ApplicationPermissions = permissions,
                DelegatedGrants = grants,
                DirectoryRoles = roles,
            };
        }

        /// <summary>
        /// Items held on resources (app role assignments, grants), each named "resource: value" by the resource's own
        /// display name and <paramref name="values"/> of the item's <paramref name="property"/>.
        /// </summary>
        private async Task<IReadOnlyList<string>> ReadByResourceAsync(
            string relativeUrl,
            string property,
            Func<Resource, string, IEnumerable<string>> values,
            CancellationToken cancellationToken
        )
        {
            var held = await ReadAllAsync(
                    relativeUrl,
                    item => (Text(item, "resourceId") ?? "", Text(item, property) ?? ""),
                    cancellationToken
                )
                .ConfigureAwait(false);
            var named = new List<string>();
            foreach (var (resourceId, value) in held)
            {
                var resource = await ResourceAsync(resourceId, cancellationToken).ConfigureAwait(false);
                named.AddRange(values(resource, value).Select(v => $"{resource.Name}: {v}"));
            }
            return named.Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        }

        /// <summary>A list Graph refuses (no permission, object gone) is unknown, said once as a warning.</summary>
        private async Task<T?> Refusable<T>(string what, ReachSubject subject, Func<Task<T>> read)
            where T : class
        {
            try
            {
                return await read().ConfigureAwait(false);
            }
            catch (GraphRequestException refused)
                when (refused.Kind is GraphErrorKind.PermissionDenied or GraphErrorKind.NotFound)
            {
                _observer.Warning?.Invoke(
                    $"The {what} of {subject.ObjectId} are unknown: {refused.Message} (needs {ReachPermissions})."
                );
                return null;
            }
        }

        /// <summary>A resource service principal's name and app roles (id to value), read once.</summary>
        private async Task<Resource> ResourceAsync(string resourceId, CancellationToken cancellationToken)
        {
            if (_resources.TryGetValue(resourceId, out var known))
                return known;
            var url =
                _session.BaseUrl.ToString().TrimEnd('/')
                + $"/servicePrincipals/{Uri.EscapeDataString(resourceId)}?$select=displayName,appRoles";
            var reader = new PageReader(_session, "reading a resource's app roles", ReachPermissions);
            var resource = await reader
                .ReadAsync(
                    () => GraphSession.GetRequest(url),
                    body =>
                    {
                        using var document = JsonDocument.Parse(body);
                        var root = document.RootElement;
                        var roles = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                        if (
                            root.TryGetProperty("appRoles", out var appRoles)
                            && appRoles.ValueKind == JsonValueKind.Array
                        )
                        {
                            foreach (var role in appRoles.EnumerateArray())
                            {
                                if (Text(role, "id") is { } roleId && Text(role, "value") is { } value)
                                    roles[roleId] = value;
                            }
                        }
                        return new Resource(Text(root, "displayName") ?? resourceId, roles);
                    },
                    null,
                    cancellationToken
                )
                .ConfigureAwait(false);
            return _resources[resourceId] = resource;
        }

        /// <summary>Every item of a collection under the session's root, page after page.</summary>
        private async Task<List<T>> ReadAllAsync<T>(
            string relativeUrl,
            Func<JsonElement, T> item,
            CancellationToken cancellationToken
        )
        {
            var items = new List<T>();
            var chain = new PageChain<T>(
                _session,
                "reading what a principal holds",
                ReachPermissions,
                body =>
                {
                    using var document = JsonDocument.Parse(body);
                    var root = document.RootElement;
                    var values =
                        root.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array
                            ? value.EnumerateArray().Select(item).ToList()
                            : new List<T>();
                    return new Page<T>(values, Text(root, "@odata.nextLink"));
                },
                _observer
            );
            var url = _session.BaseUrl.ToString().TrimEnd('/') + relativeUrl;
            await chain
                .FollowAsync(
                    () => GraphSession.GetRequest(url),
                    null,
                    page => items.AddRange(page.Items),
                    null,
                    cancellationToken
                )
                .ConfigureAwait(false);
            return items;
        }

        private static string? Text(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;

        private sealed record Resource(string Name, IReadOnlyDictionary<string, string> AppRoles);
    }
}
