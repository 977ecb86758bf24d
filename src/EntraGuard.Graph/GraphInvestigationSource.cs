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
    /// targets' reach from the directory: group memberships, directory role assignments (direct and through
    /// role-assignable groups, in one filtered read), PIM-eligible roles, a service principal's own credentials, app
    /// role assignments (named by their resource's app roles, each resource read once) and delegated grants.
    /// </summary>
    public sealed class GraphInvestigationSource : IInvestigationSource
    {
        public const string Permissions =
            "AuditLog.Read.All and Directory.Read.All for the logs and a user's groups, Application.Read.All for a "
            + "service principal's groups, credentials and permissions, RoleManagement.Read.Directory for the "
            + "directory roles and RoleEligibilitySchedule.Read.Directory (with Entra ID P2) for the eligible roles";
        private const string ApplicationPermission = "Application.Read.All";
        private const string RolePermission = "RoleManagement.Read.Directory";
        private const string EligibilityPermission = "RoleEligibilitySchedule.Read.Directory";
        private const string RolesPath = "/roleManagement/directory/roleAssignments";
        private const string EligibilityPath = "/roleManagement/directory/roleEligibilityScheduleInstances";

        // Graph takes at most 15 values in one 'in' clause.
        private const int InClauseLimit = 15;
        private const string LicenceMissing = "AadPremiumLicenseRequired";

        private readonly GraphSession _session;
        private readonly CollectionObserver _observer;
        private readonly Dictionary<string, Resource> _resources = new(StringComparer.OrdinalIgnoreCase);

        public GraphInvestigationSource(GraphSession session, CollectionObserver? observer = null)
        {
            _session = session ?? throw new ArgumentNullException(nameof(session));
            _observer = observer ?? CollectionObserver.None;
        }

        public bool AnswersPlan => true;

        /// <summary>The plan's sign-in queries, then its audit queries.</summary>
        public IEnumerable<object> ReadLogs(
            InvestigationPlan plan,
            InvestigationReads reads,
            CancellationToken cancellationToken
        ) =>
            ReadSignIns(plan, reads.SignIns, cancellationToken)
                .Cast<object>()
                .Concat(ReadAuditEvents(plan, reads.AuditEvents, cancellationToken));

        private IEnumerable<SignInEvent> ReadSignIns(
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

        private IEnumerable<AuditEvent> ReadAuditEvents(
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
            var unread = new List<string>();
            var owner = subject.IsServicePrincipal ? "servicePrincipals" : "users";
            var groupsPermission = subject.IsServicePrincipal ? ApplicationPermission : "Directory.Read.All";
            // Only role-assignable groups can hold directory roles; the cast to groups would need advanced queries.
            var groups = await Refusable(
                    "group memberships",
                    groupsPermission,
                    subject,
                    unread,
                    () =>
                        ReadAllAsync(
                            $"/{owner}/{id}/transitiveMemberOf?$select=id,displayName,isAssignableToRole",
                            groupsPermission,
                            item =>
                                item.TryGetProperty("isAssignableToRole", out var assignable)
                                && assignable.ValueKind == JsonValueKind.True
                                && Text(item, "id") is { } groupId
                                    ? new RoleGroup(groupId, Text(item, "displayName") ?? groupId)
                                    : null,
                            cancellationToken
                        )
                )
                .ConfigureAwait(false);
            var roleGroups = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var group in groups ?? new List<RoleGroup?>())
            {
                if (group != null)
                    roleGroups[group.Id] = group.Name;
            }
            var assignments = await Refusable(
                    "directory roles",
                    RolePermission,
                    subject,
                    unread,
                    () =>
                        ReadRolesAsync(RolesPath, new[] { subject.ObjectId }.Concat(roleGroups.Keys), cancellationToken)
                )
                .ConfigureAwait(false);
            var eligible = await Refusable(
                    "eligible roles",
                    EligibilityPermission,
                    subject,
                    unread,
                    () => ReadRolesAsync(EligibilityPath, new[] { subject.ObjectId }, cancellationToken)
                )
                .ConfigureAwait(false);
            // An assignment without a principal id answers the principal's own filter.
            bool Own((string? PrincipalId, HeldRole Role) a) =>
                a.PrincipalId is null
                || string.Equals(a.PrincipalId, subject.ObjectId, StringComparison.OrdinalIgnoreCase);
            var reach = new TargetReach
            {
                DirectoryRoles = assignments?.Where(Own).Select(a => a.Role).Distinct().ToArray(),
                RolesViaGroups =
                    groups is null || assignments is null
                        ? null
                        : assignments
                            .Where(a => !Own(a) && roleGroups.ContainsKey(a.PrincipalId!))
                            .Select(a => new GroupRole(a.Role, roleGroups[a.PrincipalId!]))
                            .Distinct()
                            .ToArray(),
                EligibleRoles = eligible?.Select(a => a.Role).Distinct().ToArray(),
                Unread = unread,
            };
            if (!subject.IsServicePrincipal)
                return reach;

            var credentials = await Refusable(
                    "credentials",
                    ApplicationPermission,
                    subject,
                    unread,
                    () => ReadCredentialsAsync(id, cancellationToken)
                )
                .ConfigureAwait(false);
            var permissions = await Refusable(
                    "application permissions",
                    ApplicationPermission,
                    subject,
                    unread,
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
                    ApplicationPermission,
                    subject,
                    unread,
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
                DirectoryRoles = reach.DirectoryRoles,
                RolesViaGroups = reach.RolesViaGroups,
                EligibleRoles = reach.EligibleRoles,
                Credentials = credentials,
                Unread = unread,
            };
        }

        /// <summary>
        /// Role assignments or eligibilities of the principals, each with its role definition expanded: one filter
        /// for up to <see cref="InClauseLimit"/> principals.
        /// </summary>
        private async Task<IReadOnlyList<(string? PrincipalId, HeldRole Role)>> ReadRolesAsync(
            string path,
            IEnumerable<string> principalIds,
            CancellationToken cancellationToken
        )
        {
            var held = new List<(string? PrincipalId, HeldRole Role)>();
            var ids = principalIds.Select(p => $"'{p.Replace("'", "''")}'").ToList();
            for (var i = 0; i < ids.Count; i += InClauseLimit)
            {
                var chunk = ids.Skip(i).Take(InClauseLimit).ToList();
                var filter =
                    chunk.Count == 1 ? $"principalId eq {chunk[0]}" : $"principalId in ({string.Join(",", chunk)})";
                held.AddRange(
                    await ReadAllAsync(
                            $"{path}?$filter={Uri.EscapeDataString(filter)}&$expand=roleDefinition",
                            path == RolesPath ? RolePermission : EligibilityPermission,
                            item =>
                            {
                                var role =
                                    item.TryGetProperty("roleDefinition", out var definition)
                                    && definition.ValueKind == JsonValueKind.Object
                                        ? new HeldRole(
                                            Text(definition, "id") ?? "",
                                            Text(definition, "displayName") ?? ""
                                        )
                                        : new HeldRole(Text(item, "roleDefinitionId") ?? "", "");
                                return (
                                    Text(item, "principalId"),
                                    role.DisplayName.Length > 0
                                        ? role
                                        : role with
                                        {
                                            DisplayName = role.RoleDefinitionId,
                                        }
                                );
                            },
                            cancellationToken
                        )
                        .ConfigureAwait(false)
                );
            }
            return held;
        }

        /// <summary>A service principal's secrets and certificates with their dates (never their values).</summary>
        private async Task<IReadOnlyList<HeldCredential>> ReadCredentialsAsync(
            string escapedId,
            CancellationToken cancellationToken
        )
        {
            var url =
                _session.BaseUrl.ToString().TrimEnd('/')
                + $"/servicePrincipals/{escapedId}?$select=passwordCredentials,keyCredentials";
            var reader = new PageReader(_session, "reading a service principal's credentials", ApplicationPermission);
            return await reader
                .ReadAsync(
                    () => GraphSession.GetRequest(url),
                    body =>
                    {
                        using var document = JsonDocument.Parse(body);
                        var credentials = new List<HeldCredential>();
                        foreach (var property in new[] { "passwordCredentials", "keyCredentials" })
                        {
                            if (
                                !document.RootElement.TryGetProperty(property, out var list)
                                || list.ValueKind != JsonValueKind.Array
                            )
                                continue;
                            foreach (var credential in list.EnumerateArray())
                            {
                                if (Text(credential, "keyId") is { } keyId)
                                    credentials.Add(
                                        new HeldCredential(
                                            keyId,
                                            Instant(credential, "startDateTime"),
                                            Instant(credential, "endDateTime")
                                        )
                                    );
                            }
                        }
                        return (IReadOnlyList<HeldCredential>)credentials;
                    },
                    null,
                    cancellationToken
                )
                .ConfigureAwait(false);
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
                    ApplicationPermission,
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

        /// <summary>
        /// A list Graph refuses (no permission, no licence, object gone) is unknown: null, said once as a warning and
        /// in <paramref name="unread"/>, which the context's summary repeats.
        /// </summary>
        private async Task<T?> Refusable<T>(
            string what,
            string permission,
            ReachSubject subject,
            List<string> unread,
            Func<Task<T>> read
        )
            where T : class
        {
            try
            {
                return await read().ConfigureAwait(false);
            }
            catch (GraphRequestException refused)
                when (refused.Kind is GraphErrorKind.PermissionDenied or GraphErrorKind.NotFound
                    || refused.ErrorCode == LicenceMissing
                )
            {
                var why =
                    refused.ErrorCode == LicenceMissing ? "the tenant has no Entra ID P2 (or Governance) licence"
                    : refused.Kind == GraphErrorKind.NotFound ? "Graph does not find the principal"
                    : $"the connection lacks {permission}";
                unread.Add($"{what} ({why})");
                _observer.Warning?.Invoke($"The {what} of {subject.ObjectId} are unknown: {refused.Message} ({why}).");
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
            var reader = new PageReader(_session, "reading a resource's app roles", ApplicationPermission);
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
            string permission,
            Func<JsonElement, T> item,
            CancellationToken cancellationToken
        )
        {
            var items = new List<T>();
            var chain = new PageChain<T>(
                _session,
                "reading what a principal holds",
                permission,
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

        private static DateTimeOffset? Instant(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value)
            && value.ValueKind == JsonValueKind.String
            && value.TryGetDateTimeOffset(out var instant)
                ? instant
                : null;

        private sealed record RoleGroup(string Id, string Name);

        private sealed record Resource(string Name, IReadOnlyDictionary<string, string> AppRoles);
    }
}
