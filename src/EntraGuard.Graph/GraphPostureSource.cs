using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EntraGuard.Collection;
using EntraGuard.Posture;
using Microsoft.Kiota.Abstractions;

namespace EntraGuard.Graph
{
    /// <summary>
    /// Reads the posture checks' view of a tenant through the session: the requests <see cref="PostureDataSource"/>
    /// lists (built by the SDK's request builders, sent through the session's middleware, every page followed), the
    /// bodies read by <see cref="GraphPostureJson"/>. A failure that concerns one part only — a missing permission,
    /// a feature the tenant lacks (403, 404, 400), a server fault on that endpoint, a body of the wrong shape —
    /// becomes a <see cref="PostureSourceException"/>, so only the checks needing that part are skipped; anything
    /// else (sign-in, throttling after retries, network) ends the run.
    /// </summary>
    public sealed class GraphPostureSource : ITenantPostureSource, IDisposable
    {
        private const int PageSize = 999;

        private readonly GraphSession _session;
        private readonly bool _ownsSession;

        /// <param name="session">The connection to read through.</param>
        /// <param name="ownsSession">Dispose the session with this source (a command-line run), or leave it open
        /// (PowerShell's connection).</param>
        public GraphPostureSource(GraphSession session, bool ownsSession = false)
        {
            _session = session ?? throw new ArgumentNullException(nameof(session));
            _ownsSession = ownsSession;
        }

        public void Dispose()
        {
            if (_ownsSession)
                _session.Dispose();
        }

        private Microsoft.Graph.GraphServiceClient Client => _session.Client;

        public Task<OrganizationSettings> ReadOrganizationAsync(CancellationToken cancellationToken) =>
            ReadOneAsync(
                PostureDataSource.Organization,
                () =>
                    Client.Organization.ToGetRequestInformation(r =>
                        r.QueryParameters.Select = Fields(PostureDataSource.Organization)
                    ),
                GraphPostureJson.ReadOrganization,
                cancellationToken
            );

        public Task<IReadOnlyList<SubscribedSku>> ReadSubscribedSkusAsync(CancellationToken cancellationToken) =>
            ReadAllAsync(
                PostureDataSource.SubscribedSkus,
                () =>
                    Client.SubscribedSkus.ToGetRequestInformation(r =>
                        r.QueryParameters.Select = Fields(PostureDataSource.SubscribedSkus)
                    ),
                GraphPostureJson.ReadSubscribedSkus,
                cancellationToken
            );

        public Task<bool> ReadSecurityDefaultsEnabledAsync(CancellationToken cancellationToken) =>
            ReadOneAsync(
                PostureDataSource.SecurityDefaults,
                () =>
                    Client.Policies.IdentitySecurityDefaultsEnforcementPolicy.ToGetRequestInformation(r =>
                        r.QueryParameters.Select = Fields(PostureDataSource.SecurityDefaults)
                    ),
                GraphPostureJson.ReadSecurityDefaultsEnabled,
                cancellationToken
            );

        public Task<IReadOnlyList<ConditionalAccessPolicy>> ReadConditionalAccessPoliciesAsync(
            CancellationToken cancellationToken
        ) =>
            ReadAllAsync(
                PostureDataSource.ConditionalAccessPolicies,
                () =>
                {
                    var request = Client.Identity.ConditionalAccess.Policies.ToGetRequestInformation(r =>
                        r.QueryParameters.Select = Fields(PostureDataSource.ConditionalAccessPolicies)
                    );
                    // Conditional Access gains grant controls (riskRemediation, …) before they are general; without
                    // this header Graph hides them as unknownFutureValue.
                    request.Headers.TryAdd("Prefer", "include-unknown-enum-members");
                    return request;
                },
                GraphPostureJson.ReadConditionalAccessPolicies,
                cancellationToken
            );

        public Task<AuthorizationSettings> ReadAuthorizationPolicyAsync(CancellationToken cancellationToken) =>
            ReadOneAsync(
                PostureDataSource.AuthorizationPolicy,
                () =>
                    Client.Policies.AuthorizationPolicy.ToGetRequestInformation(r =>
                        r.QueryParameters.Select = Fields(PostureDataSource.AuthorizationPolicy)
                    ),
                GraphPostureJson.ReadAuthorizationPolicy,
                cancellationToken
            );

        public Task<IReadOnlyList<DirectoryRoleAssignment>> ReadRoleAssignmentSchedulesAsync(
            CancellationToken cancellationToken
        ) =>
            ReadAllAsync(
                PostureDataSource.RoleAssignmentSchedules,
                () =>
                    Client.RoleManagement.Directory.RoleAssignmentSchedules.ToGetRequestInformation(r =>
                    {
                        r.QueryParameters.Select = Fields(PostureDataSource.RoleAssignmentSchedules);
                        r.QueryParameters.Expand = new[] { PostureDataSource.RoleAssignmentSchedules.Expand! };
                    }),
                GraphPostureJson.ReadRoleAssignmentSchedules,
                cancellationToken
            );

        public Task<IReadOnlyList<DirectoryRoleAssignment>> ReadRoleAssignmentsAsync(
            string roleDefinitionId,
            CancellationToken cancellationToken
        ) => ReadAssignmentsAsync(ODataFilter.Eq("roleDefinitionId", roleDefinitionId), cancellationToken);

        public Task<IReadOnlyList<DirectoryRoleAssignment>> ReadEveryRoleAssignmentAsync(
            CancellationToken cancellationToken
        ) => ReadAssignmentsAsync(filter: null, cancellationToken);

        private Task<IReadOnlyList<DirectoryRoleAssignment>> ReadAssignmentsAsync(
            string? filter,
            CancellationToken cancellationToken
        ) =>
            ReadAllAsync(
                PostureDataSource.RoleAssignments,
                () =>
                    Client.RoleManagement.Directory.RoleAssignments.ToGetRequestInformation(r =>
                    {
                        r.QueryParameters.Filter = filter;
                        r.QueryParameters.Select = Fields(PostureDataSource.RoleAssignments);
                        r.QueryParameters.Expand = new[] { PostureDataSource.RoleAssignments.Expand! };
                    }),
                GraphPostureJson.ReadRoleAssignments,
                cancellationToken
            );

        public Task<IReadOnlyList<DirectoryRoleAssignment>> ReadRoleEligibilitySchedulesAsync(
            CancellationToken cancellationToken
        ) =>
            ReadAllAsync(
                PostureDataSource.RoleEligibilitySchedules,
                () =>
                    Client.RoleManagement.Directory.RoleEligibilitySchedules.ToGetRequestInformation(r =>
                    {
                        r.QueryParameters.Select = Fields(PostureDataSource.RoleEligibilitySchedules);
                        r.QueryParameters.Expand = new[] { PostureDataSource.RoleEligibilitySchedules.Expand! };
                    }),
                GraphPostureJson.ReadRoleEligibilitySchedules,
                cancellationToken
            );

        public Task<IReadOnlyList<ApplicationObject>> ReadApplicationsAsync(CancellationToken cancellationToken) =>
            ReadAllAsync(
                PostureDataSource.Applications,
                () =>
                    Client.Applications.ToGetRequestInformation(r =>
                    {
                        r.QueryParameters.Select = Fields(PostureDataSource.Applications);
                        r.QueryParameters.Expand = new[] { PostureDataSource.Applications.Expand! };
                        r.QueryParameters.Top = PageSize;
                    }),
                GraphPostureJson.ReadApplications,
                cancellationToken
            );

        public Task<IReadOnlyList<ServicePrincipalObject>> ReadServicePrincipalsAsync(
            CancellationToken cancellationToken
        ) =>
            ReadAllAsync(
                PostureDataSource.ServicePrincipals,
                () =>
                    Client.ServicePrincipals.ToGetRequestInformation(r =>
                    {
                        r.QueryParameters.Select = Fields(PostureDataSource.ServicePrincipals);
                        r.QueryParameters.Top = PageSize;
                    }),
                GraphPostureJson.ReadServicePrincipals,
                cancellationToken
            );

        public Task<AuthenticationMethodsSettings> ReadAuthenticationMethodsPolicyAsync(
            CancellationToken cancellationToken
        ) =>
            ReadOneAsync(
                PostureDataSource.AuthenticationMethodsPolicy,
                () =>
                    Client.Policies.AuthenticationMethodsPolicy.ToGetRequestInformation(r =>
                        r.QueryParameters.Select = Fields(PostureDataSource.AuthenticationMethodsPolicy)
                    ),
                GraphPostureJson.ReadAuthenticationMethodsPolicy,
                cancellationToken
            );

        public Task<AdminConsentRequestSettings> ReadAdminConsentRequestPolicyAsync(
            CancellationToken cancellationToken
        ) =>
            ReadOneAsync(
                PostureDataSource.AdminConsentRequestPolicy,
                () =>
                    Client.Policies.AdminConsentRequestPolicy.ToGetRequestInformation(r =>
                        r.QueryParameters.Select = Fields(PostureDataSource.AdminConsentRequestPolicy)
                    ),
                GraphPostureJson.ReadAdminConsentRequestPolicy,
                cancellationToken
            );

        public Task<IReadOnlyList<DomainPasswordPolicy>> ReadDomainsAsync(CancellationToken cancellationToken) =>
            ReadAllAsync(
                PostureDataSource.Domains,
                () =>
                    Client.Domains.ToGetRequestInformation(r =>
                        r.QueryParameters.Select = Fields(PostureDataSource.Domains)
                    ),
                GraphPostureJson.ReadDomains,
                cancellationToken
            );

        public Task<IReadOnlyList<RoleManagementPolicy>> ReadRoleManagementPoliciesAsync(
            CancellationToken cancellationToken
        ) =>
            ReadAllAsync(
                PostureDataSource.RoleManagementPolicies,
                () =>
                    Client.Policies.RoleManagementPolicyAssignments.ToGetRequestInformation(r =>
                    {
                        r.QueryParameters.Filter = "scopeId eq '/' and scopeType eq 'DirectoryRole'";
                        r.QueryParameters.Select = Fields(PostureDataSource.RoleManagementPolicies);
                        r.QueryParameters.Expand = new[] { PostureDataSource.RoleManagementPolicies.Expand! };
                    }),
                GraphPostureJson.ReadRoleManagementPolicies,
                cancellationToken
            );

        public async Task<IReadOnlyDictionary<string, string>> ReadUserIdsAsync(
            IReadOnlyList<string> userPrincipalNames,
            CancellationToken cancellationToken
        )
        {
            var source = PostureDataSource.BreakGlassUsers;
            var quoted = userPrincipalNames.Select(name => $"'{name.Replace("'", "''")}'");
            var users = await ReadAllAsync(
                    source,
                    () =>
                        Client.Users.ToGetRequestInformation(r =>
                        {
                            r.QueryParameters.Filter = $"userPrincipalName in ({string.Join(", ", quoted)})";
                            r.QueryParameters.Select = Fields(source);
                        }),
                    GraphPostureJson.ReadUserIds,
                    cancellationToken
                )
                .ConfigureAwait(false);
            var ids = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var user in users)
                ids[user.Key] = user.Value;
            return ids;
        }

        public Task<IReadOnlyList<GroupSetting>> ReadGroupSettingsAsync(CancellationToken cancellationToken) =>
            ReadAllAsync(
                PostureDataSource.GroupSettings,
                () =>
                    Client.GroupSettings.ToGetRequestInformation(r =>
                        r.QueryParameters.Select = Fields(PostureDataSource.GroupSettings)
                    ),
                GraphPostureJson.ReadGroupSettings,
                cancellationToken
            );

        /// <summary>Graph takes up to 15 values in one <c>in (…)</c> filter on directory objects.</summary>
        private const int IdsPerFilter = 15;

        public Task<IReadOnlyList<DirectoryUser>> ReadUsersAsync(
            IReadOnlyList<string> userIds,
            CancellationToken cancellationToken
        ) =>
            ReadUsersByIdAsync(
                PostureDataSource.PrivilegedUsers,
                userIds,
                GraphPostureJson.ReadUsers,
                cancellationToken
            );

        public Task<IReadOnlyList<UserSignInActivity>> ReadSignInActivityAsync(
            IReadOnlyList<string> userIds,
            CancellationToken cancellationToken
        ) =>
            ReadUsersByIdAsync(
                PostureDataSource.PrivilegedSignIns,
                userIds,
                GraphPostureJson.ReadSignInActivity,
                cancellationToken
            );

        public Task<IReadOnlyList<ConditionalAccessGroup>> ReadConditionalAccessGroupsAsync(
            IReadOnlyList<string> groupIds,
            CancellationToken cancellationToken
        ) =>
            ReadGroupsByIdAsync(
                PostureDataSource.ConditionalAccessGroups,
                groupIds,
                GraphPostureJson.ReadConditionalAccessGroups,
                cancellationToken
            );

        private Task<IReadOnlyList<T>> ReadUsersByIdAsync<T>(
            PostureDataSource source,
            IReadOnlyList<string> userIds,
            Func<Stream, GraphPage<T>> parse,
            CancellationToken cancellationToken
        ) =>
            ReadByIdAsync(
                source,
                userIds,
                filter =>
                    Client.Users.ToGetRequestInformation(r =>
                    {
                        r.QueryParameters.Filter = filter;
                        r.QueryParameters.Select = Fields(source);
                    }),
                parse,
                cancellationToken
            );

        private Task<IReadOnlyList<T>> ReadGroupsByIdAsync<T>(
            PostureDataSource source,
            IReadOnlyList<string> groupIds,
            Func<Stream, GraphPage<T>> parse,
            CancellationToken cancellationToken
        ) =>
            ReadByIdAsync(
                source,
                groupIds,
                filter =>
                    Client.Groups.ToGetRequestInformation(r =>
                    {
                        r.QueryParameters.Filter = filter;
                        r.QueryParameters.Select = Fields(source);
                        if (source.Expand != null)
                            r.QueryParameters.Expand = new[] { source.Expand };
                    }),
                parse,
                cancellationToken
            );

        /// <summary>The objects with these ids, <see cref="IdsPerFilter"/> a request (<paramref name="request"/> given
        /// the <c>id in (…)</c> filter), all at once.</summary>
        private async Task<IReadOnlyList<T>> ReadByIdAsync<T>(
            PostureDataSource source,
            IReadOnlyList<string> ids,
            Func<string, RequestInformation> request,
            Func<Stream, GraphPage<T>> parse,
            CancellationToken cancellationToken
        )
        {
            var batches = ids.Select((id, index) => (id, index))
                .GroupBy(item => item.index / IdsPerFilter, item => $"'{item.id.Replace("'", "''")}'")
                .Select(batch =>
                    ReadAllAsync(source, () => request($"id in ({string.Join(", ", batch)})"), parse, cancellationToken)
                );
            var pages = await Task.WhenAll(batches).ConfigureAwait(false);
            return pages.SelectMany(items => items).ToArray();
        }

        public async Task<IReadOnlyList<DirectoryApprover>> ReadApproversAsync(
            IReadOnlyList<string> userIds,
            IReadOnlyList<string> groupIds,
            CancellationToken cancellationToken
        )
        {
            var users = ReadUsersByIdAsync(
                PostureDataSource.ApproverUsers,
                userIds,
                GraphPostureJson.ReadApproverUsers,
                cancellationToken
            );
            // The members come inline, so an empty group costs no request of its own.
            var groups = ReadGroupsByIdAsync(
                PostureDataSource.ApproverGroups,
                groupIds,
                GraphPostureJson.ReadApproverGroups,
                cancellationToken
            );
            await Task.WhenAll(users, groups).ConfigureAwait(false);
            return users.Result.Concat(groups.Result).ToArray();
        }

        public async Task<IReadOnlyList<GraphPermissionGrant>> ReadGraphPermissionsAsync(
            string resourceId,
            CancellationToken cancellationToken
        )
        {
            var resource = Client.ServicePrincipals[resourceId];
            var names = ReadOneAsync(
                PostureDataSource.GraphAppRoles,
                () =>
                    resource.ToGetRequestInformation(r =>
                        r.QueryParameters.Select = Fields(PostureDataSource.GraphAppRoles)
                    ),
                GraphPostureJson.ReadAppRoles,
                cancellationToken
            );
            var assigned = ReadAllAsync(
                PostureDataSource.GraphAppRoleAssignments,
                () =>
                    resource.AppRoleAssignedTo.ToGetRequestInformation(r =>
                    {
                        r.QueryParameters.Select = Fields(PostureDataSource.GraphAppRoleAssignments);
                        r.QueryParameters.Top = PageSize;
                    }),
                GraphPostureJson.ReadAppRoleAssignedTo,
                cancellationToken
            );
            var delegated = ReadAllAsync(
                PostureDataSource.GraphDelegatedGrants,
                () =>
                    Client.Oauth2PermissionGrants.ToGetRequestInformation(r =>
                    {
                        r.QueryParameters.Filter = ODataFilter.Eq("resourceId", resourceId);
                        r.QueryParameters.Select = Fields(PostureDataSource.GraphDelegatedGrants);
                    }),
                GraphPostureJson.ReadPermissionGrants,
                cancellationToken
            );
            await Task.WhenAll(names, assigned, delegated).ConfigureAwait(false);
            var roles = names.Result;
            return assigned
                .Result.Select(grant => new GraphPermissionGrant
                {
                    ClientId = grant.ClientId,
                    ClientDisplayName = grant.ClientDisplayName,
                    Permission = roles.TryGetValue(grant.Permission, out var value) ? value : grant.Permission,
                })
                .Concat(delegated.Result.SelectMany(grants => grants))
                .ToArray();
        }

        public async Task<IReadOnlyCollection<string>> ReadExistingObjectIdsAsync(
            IReadOnlyList<string> ids,
            CancellationToken cancellationToken
        )
        {
            var body = new Microsoft.Graph.DirectoryObjects.GetByIds.GetByIdsPostRequestBody
            {
                Ids = ids.ToList(),
                Types = new List<string> { "user", "group" },
            };
            var page = await ReadOneAsync(
                    PostureDataSource.DirectoryObjects,
                    () => Client.DirectoryObjects.GetByIds.ToPostRequestInformation(body),
                    GraphPostureJson.ReadObjectIds,
                    cancellationToken
                )
                .ConfigureAwait(false);
            return page.Items;
        }

        public Task<DeviceRegistrationSettings> ReadDeviceRegistrationPolicyAsync(
            CancellationToken cancellationToken
        ) =>
            ReadOneAsync(
                PostureDataSource.DeviceRegistrationPolicy,
                () =>
                    Client.Policies.DeviceRegistrationPolicy.ToGetRequestInformation(r =>
                        r.QueryParameters.Select = Fields(PostureDataSource.DeviceRegistrationPolicy)
                    ),
                GraphPostureJson.ReadDeviceRegistrationPolicy,
                cancellationToken
            );

        public Task<OnPremisesSyncFeatures> ReadOnPremisesSyncFeaturesAsync(CancellationToken cancellationToken) =>
            ReadOneAsync(
                PostureDataSource.OnPremisesSynchronization,
                () =>
                    Client.Directory.OnPremisesSynchronization.ToGetRequestInformation(r =>
                        r.QueryParameters.Select = Fields(PostureDataSource.OnPremisesSynchronization)
                    ),
                GraphPostureJson.ReadOnPremisesSyncFeatures,
                cancellationToken
            );

        public Task<IReadOnlyList<DirectoryAccount>> ReadKrbtgtAccountsAsync(CancellationToken cancellationToken) =>
            ReadAllAsync(
                PostureDataSource.KrbtgtAccounts,
                () =>
                    Client.Users.ToGetRequestInformation(r =>
                    {
                        r.QueryParameters.Filter =
                            "startswith(displayName,'krbtgt') or startswith(userPrincipalName,'krbtgt') "
                            + "or startswith(mailNickname,'krbtgt')";
                        r.QueryParameters.Select = Fields(PostureDataSource.KrbtgtAccounts);
                    }),
                GraphPostureJson.ReadDirectoryAccounts,
                cancellationToken
            );

        public Task<IReadOnlyList<RoleDefinition>> ReadRoleDefinitionsAsync(CancellationToken cancellationToken) =>
            ReadAllAsync(
                PostureDataSource.RoleDefinitions,
                () =>
                    Client.RoleManagement.Directory.RoleDefinitions.ToGetRequestInformation(r =>
                        r.QueryParameters.Select = Fields(PostureDataSource.RoleDefinitions)
                    ),
                GraphPostureJson.ReadRoleDefinitions,
                cancellationToken
            );

        public Task<AppManagementSettings> ReadDefaultAppManagementPolicyAsync(CancellationToken cancellationToken) =>
            ReadOneAsync(
                PostureDataSource.DefaultAppManagementPolicy,
                () =>
                    Client.Policies.DefaultAppManagementPolicy.ToGetRequestInformation(r =>
                        r.QueryParameters.Select = Fields(PostureDataSource.DefaultAppManagementPolicy)
                    ),
                GraphPostureJson.ReadDefaultAppManagementPolicy,
                cancellationToken
            );

        public Task<IReadOnlyList<DirectoryGroup>> ReadMicrosoftGroupsAsync(CancellationToken cancellationToken) =>
            ReadGroupsAsync(PostureDataSource.MicrosoftGroups, "Unified", cancellationToken);

        public Task<IReadOnlyList<DirectoryGroup>> ReadDynamicGroupsAsync(CancellationToken cancellationToken) =>
            ReadGroupsAsync(PostureDataSource.DynamicGroups, "DynamicMembership", cancellationToken);

        // groupTypes is filterable with any(), so only the groups of one kind cross the wire.
        private Task<IReadOnlyList<DirectoryGroup>> ReadGroupsAsync(
            PostureDataSource source,
            string groupType,
            CancellationToken cancellationToken
        ) =>
            ReadAllAsync(
                source,
                () =>
                    Client.Groups.ToGetRequestInformation(r =>
                    {
                        r.QueryParameters.Filter = $"groupTypes/any(c:c eq '{groupType}')";
                        r.QueryParameters.Select = Fields(source);
                        r.QueryParameters.Top = PageSize;
                    }),
                GraphPostureJson.ReadGroups,
                cancellationToken
            );

        // The report filters on its flags (not on id), so the users without MFA come in one filtered read rather than
        // the whole report or one request per owner.
        public Task<IReadOnlyList<UserMfaRegistration>> ReadUsersWithoutMfaAsync(CancellationToken cancellationToken) =>
            ReadAllAsync(
                PostureDataSource.UsersWithoutMfa,
                () =>
                    Client.Reports.AuthenticationMethods.UserRegistrationDetails.ToGetRequestInformation(r =>
                    {
                        r.QueryParameters.Filter = "isMfaRegistered eq false";
                        r.QueryParameters.Select = Fields(PostureDataSource.UsersWithoutMfa);
                    }),
                GraphPostureJson.ReadUserMfaRegistrations,
                cancellationToken
            );

        public Task<SuspiciousActivityReporting> ReadSuspiciousActivityReportingAsync(
            CancellationToken cancellationToken
        ) =>
            ReadOneAsync(
                PostureDataSource.SuspiciousActivityReporting,
                () => BetaRequest(PostureDataSource.SuspiciousActivityReporting),
                GraphPostureJson.ReadSuspiciousActivityReporting,
                cancellationToken
            );

        public Task<PremiumLicenseInsight> ReadPremiumLicenseInsightAsync(CancellationToken cancellationToken) =>
            ReadOneAsync(
                PostureDataSource.PremiumLicenseInsight,
                () => BetaRequest(PostureDataSource.PremiumLicenseInsight),
                GraphPostureJson.ReadPremiumLicenseInsight,
                cancellationToken
            );

        public Task<IReadOnlyList<AccessPackageCatalog>> ReadAccessPackageCatalogsAsync(
            CancellationToken cancellationToken
        ) =>
            ReadAllAsync(
                PostureDataSource.AccessPackageCatalogs,
                () =>
                    Client.IdentityGovernance.EntitlementManagement.Catalogs.ToGetRequestInformation(r =>
                    {
                        r.QueryParameters.Select = Fields(PostureDataSource.AccessPackageCatalogs);
                        r.QueryParameters.Expand = new[] { PostureDataSource.AccessPackageCatalogs.Expand! };
                    }),
                GraphPostureJson.ReadAccessPackageCatalogs,
                cancellationToken
            );

        public Task<IReadOnlyList<AccessPackage>> ReadAccessPackagesAsync(CancellationToken cancellationToken) =>
            ReadAllAsync(
                PostureDataSource.AccessPackages,
                () =>
                    Client.IdentityGovernance.EntitlementManagement.AccessPackages.ToGetRequestInformation(r =>
                    {
                        r.QueryParameters.Select = Fields(PostureDataSource.AccessPackages);
                        r.QueryParameters.Expand = new[] { PostureDataSource.AccessPackages.Expand! };
                    }),
                GraphPostureJson.ReadAccessPackages,
                cancellationToken
            );

        public Task<IReadOnlyList<AssignmentPolicy>> ReadAccessPackagePoliciesAsync(
            CancellationToken cancellationToken
        ) =>
            ReadAllAsync(
                PostureDataSource.AccessPackagePolicies,
                () =>
                    Client.IdentityGovernance.EntitlementManagement.AssignmentPolicies.ToGetRequestInformation(r =>
                    {
                        r.QueryParameters.Select = Fields(PostureDataSource.AccessPackagePolicies);
                        r.QueryParameters.Expand = new[] { PostureDataSource.AccessPackagePolicies.Expand! };
                    }),
                GraphPostureJson.ReadAccessPackagePolicies,
                cancellationToken
            );

        public Task<IReadOnlyList<ConditionalAccessPolicy>> ReadAgentConditionalAccessPoliciesAsync(
            CancellationToken cancellationToken
        ) =>
            ReadAllAsync(
                PostureDataSource.AgentConditionalAccessPolicies,
                () =>
                {
                    var request = BetaRequest(PostureDataSource.AgentConditionalAccessPolicies);
                    // As for the v1.0 read: newer values would otherwise come back as unknownFutureValue.
                    request.Headers.TryAdd("Prefer", "include-unknown-enum-members");
                    return request;
                },
                GraphPostureJson.ReadAgentConditionalAccessPolicies,
                cancellationToken
            );

        // Graph requires the scope filter on this list; it documents no filter by alert, so every directory-role
        // alert comes back (a handful) and the check picks its own.
        public Task<IReadOnlyList<RoleManagementAlert>> ReadRoleManagementAlertsAsync(
            CancellationToken cancellationToken
        ) =>
            ReadAllAsync(
                PostureDataSource.RoleManagementAlerts,
                () =>
                    BetaRequest(
                        PostureDataSource.RoleManagementAlerts,
                        "$filter=" + Uri.EscapeDataString("scopeId eq '/' and scopeType eq 'DirectoryRole'")
                    ),
                GraphPostureJson.ReadRoleManagementAlerts,
                cancellationToken
            );

        /// <summary>A GET of a beta-only read: the SDK's request builders know v1.0 alone, so the URL is built here,
        /// on the session's root with beta in place of v1.0, and sent through the same middleware.</summary>
        private RequestInformation BetaRequest(PostureDataSource source, string? filter = null) =>
            new()
            {
                HttpMethod = Method.GET,
                URI = new Uri(
                    $"{_session.BetaBaseUrl.ToString().TrimEnd('/')}/{source.Path}?$select={source.Select}"
                        + (source.Expand is null ? "" : $"&$expand={source.Expand}")
                        + (filter is null ? "" : "&" + filter)
                ),
            };

        private static string[] Fields(PostureDataSource source) => source.SelectFields.ToArray();

        private static string Operation(PostureDataSource source) => $"reading {source.ReadPath}";

        /// <summary>Every item of a collection, page after page.</summary>
        private async Task<IReadOnlyList<T>> ReadAllAsync<T>(
            PostureDataSource source,
            Func<RequestInformation> first,
            Func<Stream, GraphPage<T>> parse,
            CancellationToken cancellationToken
        )
        {
            var items = new List<T>();
            var chain = new PageChain<T>(
                _session,
                Operation(source),
                source.Permission,
                body =>
                {
                    var page = parse(body);
                    return new Page<T>(page.Items, page.NextLink);
                },
                CollectionObserver.None,
                retryServerAnswers: false
            );
            await Guard(() =>
                    chain.FollowAsync(first, null, page => items.AddRange(page.Items), null, cancellationToken)
                )
                .ConfigureAwait(false);
            return items;
        }

        /// <summary>A single object (a policy, a setting).</summary>
        private async Task<T> ReadOneAsync<T>(
            PostureDataSource source,
            Func<RequestInformation> request,
            Func<Stream, T> parse,
            CancellationToken cancellationToken
        )
        {
            var reader = new PageReader(_session, Operation(source), source.Permission, retryServerAnswers: false);
            var value = default(T)!;
            await Guard(async () =>
                    value = await reader.ReadAsync(request, parse, null, cancellationToken).ConfigureAwait(false)
                )
                .ConfigureAwait(false);
            return value;
        }

        /// <summary>
        /// Failures that concern this part only become <see cref="PostureSourceException"/>: a refusal (403, 404,
        /// 400), a server fault on this endpoint after the SDK's retries (5xx), a body that is not the shape the part
        /// has. The rest pass and end the run: sign-in, throttling, a connection that keeps failing.
        /// </summary>
        private static async Task Guard(Func<Task> read)
        {
            try
            {
                await read().ConfigureAwait(false);
            }
            catch (GraphRequestException failed) when (ConcernsThisPart(failed))
            {
                throw new PostureSourceException(failed.Message, failed);
            }
        }

        private static bool ConcernsThisPart(GraphRequestException failed) =>
            failed.Kind
                is GraphErrorKind.PermissionDenied
                    or GraphErrorKind.NotFound
                    or GraphErrorKind.BadRequest
                    or GraphErrorKind.Protocol
            || (
                failed.Kind == GraphErrorKind.Transient
                && (failed.StatusCode >= 500 || failed.InnerException is GraphPayloadException)
            );
    }
}
