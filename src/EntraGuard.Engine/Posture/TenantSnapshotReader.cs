using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EntraGuard.Posture.Checks;

namespace EntraGuard.Posture
{
    /// <summary>
    /// Reads from a source exactly the parts of a snapshot that the selected checks need: the subscriptions first
    /// (they decide which checks apply), then every remaining part at once. A part that cannot be read is recorded
    /// as unavailable, with the source's reason, rather than ending the run.
    /// </summary>
    public static class TenantSnapshotReader
    {
        /// <summary>Microsoft Graph's application id, the same in every tenant.</summary>
        public const string MicrosoftGraphAppId = "00000003-0000-0000-c000-000000000000";

        public static async Task<TenantSnapshot> ReadAsync(
            ITenantPostureSource source,
            IReadOnlyList<PostureCheck> checks,
            PostureSettings settings,
            IProgress<string>? progress,
            CancellationToken cancellationToken
        )
        {
            var unavailable = new ConcurrentDictionary<PostureData, string>();
            var readFrom = new ConcurrentDictionary<PostureData, string>();
            var needs = NeedsOf(checks);

            async Task<(bool Read, T Value)> Read<T>(PostureData part, string path, Func<Task<T>> read)
            {
                if ((needs & part) == 0)
                    return (false, default!);
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(path);
                readFrom[part] = path;
                try
                {
                    return (true, await read().ConfigureAwait(false));
                }
                catch (PostureSourceException problem)
                {
                    unavailable[part] = problem.Message;
                    return (false, default!);
                }
            }

            // A part read once another has named what to read: nothing when no check needs it, unavailable (saying
            // why) when the naming part could not be read, and no request when it names nothing (request null).
            async Task<(bool Read, IReadOnlyList<T> Value)> ReadNamedBy<TNaming, T>(
                PostureData part,
                string path,
                Task<(bool Read, TNaming Value)> naming,
                string unknownBecause,
                Func<TNaming, Func<Task<IReadOnlyList<T>>>?> request
            )
            {
                if ((needs & part) == 0)
                    return (false, Array.Empty<T>());
                var named = await naming.ConfigureAwait(false);
                if (!named.Read)
                {
                    unavailable[part] = unknownBecause;
                    return (false, Array.Empty<T>());
                }
                var read = request(named.Value);
                return await Read(part, path, read ?? (() => Task.FromResult<IReadOnlyList<T>>(Array.Empty<T>())))
                    .ConfigureAwait(false);
            }

            if (checks.Any(check => check.Licence != PostureLicence.None))
                needs |= PostureData.SubscribedSkus;
            var skus = await Read(
                    PostureData.SubscribedSkus,
                    PostureDataSource.SubscribedSkus.ReadPath,
                    () => source.ReadSubscribedSkusAsync(cancellationToken)
                )
                .ConfigureAwait(false);
            var licences = skus.Read ? TenantLicences.From(skus.Value) : TenantLicences.Unknown;

            // Checks the licence rules out read nothing more.
            var applicable = checks.Where(check => licences.Satisfies(check.Licence)).ToArray();
            needs = NeedsOf(applicable) & ~PostureData.SubscribedSkus;
            var everyRole = applicable.Any(check => check.ReadsEveryRole);
            var roleIds = applicable
                .SelectMany(check => check.RolesRead(settings))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToArray();

            async Task<IReadOnlyList<DirectoryRoleAssignment>> ReadActiveAssignments()
            {
                if (licences.Pim || !licences.IsKnown)
                {
                    try
                    {
                        return await source.ReadRoleAssignmentSchedulesAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (PostureSourceException) when (!licences.IsKnown)
                    {
                        // Without the subscriptions we guessed PIM; the tenant says otherwise, so read it as a tenant
                        // without PIM.
                    }
                }
                readFrom[PostureData.ActiveRoleAssignments] = PostureDataSource.RoleAssignments.ReadPath;
                if (everyRole)
                    return await source.ReadEveryRoleAssignmentAsync(cancellationToken).ConfigureAwait(false);
                var perRole = await Task.WhenAll(
                        roleIds.Select(role => source.ReadRoleAssignmentsAsync(role, cancellationToken))
                    )
                    .ConfigureAwait(false);
                return perRole.SelectMany(assignments => assignments).ToArray();
            }

            Task<IReadOnlyList<DirectoryRoleAssignment>> ReadEligibleAssignments()
            {
                if (licences.Pim || !licences.IsKnown)
                    return source.ReadRoleEligibilitySchedulesAsync(cancellationToken);
                readFrom[PostureData.EligibleRoleAssignments] =
                    $"{PostureDataSource.RoleEligibilitySchedules.ReadPath} (not read: without PIM there are no "
                    + $"eligible assignments)";
                return Task.FromResult<IReadOnlyList<DirectoryRoleAssignment>>(Array.Empty<DirectoryRoleAssignment>());
            }

            var organization = Read(
                PostureData.Organization,
                PostureDataSource.Organization.ReadPath,
                () => source.ReadOrganizationAsync(cancellationToken)
            );
            var defaults = Read(
                PostureData.SecurityDefaults,
                PostureDataSource.SecurityDefaults.ReadPath,
                () => source.ReadSecurityDefaultsEnabledAsync(cancellationToken)
            );
            var policies = Read(
                PostureData.ConditionalAccessPolicies,
                PostureDataSource.ConditionalAccessPolicies.ReadPath,
                () => source.ReadConditionalAccessPoliciesAsync(cancellationToken)
            );
            var authorization = Read(
                PostureData.AuthorizationPolicy,
                PostureDataSource.AuthorizationPolicy.ReadPath,
                () => source.ReadAuthorizationPolicyAsync(cancellationToken)
            );
            var active = Read(
                PostureData.ActiveRoleAssignments,
                PostureDataSource.RoleAssignmentSchedules.ReadPath,
                ReadActiveAssignments
            );
            var eligible = Read(
                PostureData.EligibleRoleAssignments,
                PostureDataSource.RoleEligibilitySchedules.ReadPath,
                ReadEligibleAssignments
            );
            var applications = Read(
                PostureData.Applications,
                PostureDataSource.Applications.ReadPath,
                () => source.ReadApplicationsAsync(cancellationToken)
            );
            var principals = Read(
                PostureData.ServicePrincipals,
                PostureDataSource.ServicePrincipals.ReadPath,
                () => source.ReadServicePrincipalsAsync(cancellationToken)
            );
            var methods = Read(
                PostureData.AuthenticationMethodsPolicy,
                PostureDataSource.AuthenticationMethodsPolicy.ReadPath,
                () => source.ReadAuthenticationMethodsPolicyAsync(cancellationToken)
            );
            var consentRequests = Read(
                PostureData.AdminConsentRequestPolicy,
                PostureDataSource.AdminConsentRequestPolicy.ReadPath,
                () => source.ReadAdminConsentRequestPolicyAsync(cancellationToken)
            );
            var domains = Read(
                PostureData.Domains,
                PostureDataSource.Domains.ReadPath,
                () => source.ReadDomainsAsync(cancellationToken)
            );
            var roleSettings = Read(
                PostureData.RoleManagementPolicies,
                PostureDataSource.RoleManagementPolicies.ReadPath,
                () => source.ReadRoleManagementPoliciesAsync(cancellationToken)
            );
            var groupSettings = Read(
                PostureData.GroupSettings,
                PostureDataSource.GroupSettings.ReadPath,
                () => source.ReadGroupSettingsAsync(cancellationToken)
            );
            // The role assignments to users, active and eligible, read when the active ones are.
            async Task<(bool Read, DirectoryRoleAssignment[] Value)> HeldAssignments()
            {
                var held = await Task.WhenAll(active, eligible).ConfigureAwait(false);
                return (held[0].Read, held.Where(part => part.Read).SelectMany(part => part.Value).ToArray());
            }

            var heldAssignments = HeldAssignments();

            // What is read of the users among the roles' holders, once the assignments have named them: the
            // privileged roles' holders (every role's, when a check judges them all).
            Task<(bool Read, IReadOnlyList<T> Value)> ReadHolders<T>(
                PostureData part,
                PostureDataSource request,
                bool everyRoleHeld,
                Func<IReadOnlyList<string>, Task<IReadOnlyList<T>>> read
            ) =>
                ReadNamedBy<DirectoryRoleAssignment[], T>(
                    part,
                    request.Path,
                    heldAssignments,
                    "the privileged role assignments could not be read, so their holders are unknown",
                    assignments =>
                    {
                        var roles = everyRoleHeld
                            ? null
                            : new HashSet<string>(settings.PrivilegedRoleIds, StringComparer.OrdinalIgnoreCase);
                        var userIds = assignments
                            .Where(a => PrivilegedUserCheck.HeldByUser(a, roles))
                            .Select(a => a.PrincipalId)
                            .Distinct(StringComparer.OrdinalIgnoreCase)
                            .ToArray();
                        return userIds.Length == 0 ? null : () => read(userIds);
                    }
                );

            // Microsoft Graph's permissions, once the service principals have given its object id; without Graph's
            // service principal nobody holds a Graph permission.
            Task<(bool Read, IReadOnlyList<GraphPermissionGrant> Value)> ReadGraphPermissions() =>
                ReadNamedBy<IReadOnlyList<ServicePrincipalObject>, GraphPermissionGrant>(
                    PostureData.GraphPermissions,
                    PostureDataSource.GraphAppRoleAssignments.ReadPath,
                    principals,
                    "the service principals could not be read, so Microsoft Graph's is unknown",
                    listed =>
                        listed.FirstOrDefault(sp =>
                            string.Equals(sp.AppId, MicrosoftGraphAppId, StringComparison.OrdinalIgnoreCase)
                        )
                            is { } graph
                            ? () => source.ReadGraphPermissionsAsync(graph.Id, cancellationToken)
                            : null
                );

            var privilegedUsers = ReadHolders(
                PostureData.PrivilegedUsers,
                PostureDataSource.PrivilegedUsers,
                everyRole,
                ids => source.ReadUsersAsync(ids, cancellationToken)
            );
            var privilegedSignIns = ReadHolders(
                PostureData.PrivilegedSignIns,
                PostureDataSource.PrivilegedSignIns,
                everyRoleHeld: false,
                ids => source.ReadSignInActivityAsync(ids, cancellationToken)
            );
            var graphPermissions = ReadGraphPermissions();

            var deviceRegistration = Read(
                PostureData.DeviceRegistrationPolicy,
                PostureDataSource.DeviceRegistrationPolicy.ReadPath,
                () => source.ReadDeviceRegistrationPolicyAsync(cancellationToken)
            );
            var syncFeatures = Read(
                PostureData.OnPremisesSynchronization,
                PostureDataSource.OnPremisesSynchronization.ReadPath,
                () => source.ReadOnPremisesSyncFeaturesAsync(cancellationToken)
            );
            var krbtgt = Read(
                PostureData.KrbtgtAccounts,
                PostureDataSource.KrbtgtAccounts.ReadPath,
                () => source.ReadKrbtgtAccountsAsync(cancellationToken)
            );
            var appManagement = Read(
                PostureData.DefaultAppManagementPolicy,
                PostureDataSource.DefaultAppManagementPolicy.ReadPath,
                () => source.ReadDefaultAppManagementPolicyAsync(cancellationToken)
            );
            var microsoftGroups = Read(
                PostureData.MicrosoftGroups,
                PostureDataSource.MicrosoftGroups.ReadPath,
                () => source.ReadMicrosoftGroupsAsync(cancellationToken)
            );
            var dynamicGroups = Read(
                PostureData.DynamicGroups,
                PostureDataSource.DynamicGroups.ReadPath,
                () => source.ReadDynamicGroupsAsync(cancellationToken)
            );
            var suspiciousActivity = Read(
                PostureData.SuspiciousActivityReporting,
                PostureDataSource.SuspiciousActivityReporting.ReadPath,
                () => source.ReadSuspiciousActivityReportingAsync(cancellationToken)
            );
            var licenseInsight = Read(
                PostureData.PremiumLicenseInsight,
                PostureDataSource.PremiumLicenseInsight.ReadPath,
                () => source.ReadPremiumLicenseInsightAsync(cancellationToken)
            );
            var agentPolicies = Read(
                PostureData.AgentConditionalAccessPolicies,
                PostureDataSource.AgentConditionalAccessPolicies.ReadPath,
                () => source.ReadAgentConditionalAccessPoliciesAsync(cancellationToken)
            );
            var roleAlerts = Read(
                PostureData.RoleManagementAlerts,
                PostureDataSource.RoleManagementAlerts.ReadPath,
                () => source.ReadRoleManagementAlertsAsync(cancellationToken)
            );
            var catalogs = Read(
                PostureData.AccessPackageCatalogs,
                PostureDataSource.AccessPackageCatalogs.ReadPath,
                () => source.ReadAccessPackageCatalogsAsync(cancellationToken)
            );
            var accessPackages = Read(
                PostureData.AccessPackages,
                PostureDataSource.AccessPackages.ReadPath,
                () => source.ReadAccessPackagesAsync(cancellationToken)
            );
            var accessPolicies = Read(
                PostureData.AccessPackagePolicies,
                PostureDataSource.AccessPackagePolicies.ReadPath,
                () => source.ReadAccessPackagePoliciesAsync(cancellationToken)
            );
            // The lookup needs the ids the policies name, so it waits for them, and runs beside the other reads.
            async Task<(bool Read, IReadOnlyCollection<string> Value)> ReadDirectoryObjects()
            {
                await Task.WhenAll(policies, methods).ConfigureAwait(false);
                await Task.WhenAll(catalogs, accessPackages, accessPolicies).ConfigureAwait(false);
                return await Read(
                        PostureData.DirectoryObjects,
                        PostureDataSource.DirectoryObjects.ReadPath,
                        () =>
                            ReadExistingObjects(
                                DirectoryReferences
                                    .Of(
                                        policies.Result.Read ? policies.Result.Value : null,
                                        methods.Result.Read ? methods.Result.Value : null
                                    )
                                    .Concat(
                                        EntitlementReferences.GroupsOf(
                                            catalogs.Result.Read ? catalogs.Result.Value : null,
                                            accessPackages.Result.Read ? accessPackages.Result.Value : null,
                                            accessPolicies.Result.Read ? accessPolicies.Result.Value : null
                                        )
                                    )
                                    .ToArray()
                            )
                    )
                    .ConfigureAwait(false);
            }

            var existing = ReadDirectoryObjects();

            // Who the approval stages of the policies that require approval name, once the policies are read: users
            // with accountEnabled, groups with a member or none.
            var approvers = ReadNamedBy<IReadOnlyList<AssignmentPolicy>, DirectoryApprover>(
                PostureData.AccessPackageApprovers,
                $"{PostureDataSource.ApproverUsers.ReadPath} and {PostureDataSource.ApproverGroups.ReadPath}",
                accessPolicies,
                "the access package assignment policies could not be read, so their approvers are unknown",
                read =>
                {
                    var named = EntitlementReferences
                        .ApproversOf(read.Where(policy => policy.ApprovalRequired == true).ToArray())
                        .ToArray();
                    string[] IdsOf(string kind) =>
                        named
                            .Where(r => r.Kind == kind)
                            .Select(r => r.Id)
                            .Distinct(StringComparer.OrdinalIgnoreCase)
                            .ToArray();
                    return named.Length == 0
                        ? null
                        : () => source.ReadApproversAsync(IdsOf("user"), IdsOf("group"), cancellationToken);
                }
            );

            // The role definitions only matter when a policy names a role EntraGuard does not know as built in.
            async Task<(bool Read, IReadOnlyList<RoleDefinition> Value)> ReadRoleDefinitions()
            {
                await policies.ConfigureAwait(false);
                var unknown = policies.Result.Read && DirectoryReferences.NameUnknownRoles(policies.Result.Value);
                return await Read(
                        PostureData.RoleDefinitions,
                        PostureDataSource.RoleDefinitions.ReadPath,
                        () =>
                            unknown
                                ? source.ReadRoleDefinitionsAsync(cancellationToken)
                                : Task.FromResult<IReadOnlyList<RoleDefinition>>(Array.Empty<RoleDefinition>())
                    )
                    .ConfigureAwait(false);
            }

            var roleDefinitions = ReadRoleDefinitions();

            // The groups the policies name, once the policies are read.
            var conditionalAccessGroups = ReadNamedBy<IReadOnlyList<ConditionalAccessPolicy>, ConditionalAccessGroup>(
                PostureData.ConditionalAccessGroups,
                PostureDataSource.ConditionalAccessGroups.ReadPath,
                policies,
                "the Conditional Access policies could not be read, so the groups they name are unknown",
                listed =>
                {
                    var groupIds = ConditionalAccessGroupProtectionCheck
                        .NamedGroups(listed)
                        .Select(reference => reference.Id)
                        .Distinct(StringComparer.OrdinalIgnoreCase)
                        .ToArray();
                    return groupIds.Length == 0
                        ? null
                        : () => source.ReadConditionalAccessGroupsAsync(groupIds, cancellationToken);
                }
            );
            var usersWithoutMfa = Read(
                PostureData.UsersWithoutMfa,
                PostureDataSource.UsersWithoutMfa.ReadPath,
                () => source.ReadUsersWithoutMfaAsync(cancellationToken)
            );
            await Task.WhenAll(
                    organization,
                    defaults,
                    policies,
                    authorization,
                    active,
                    eligible,
                    applications,
                    principals,
                    methods,
                    consentRequests,
                    domains,
                    roleSettings,
                    groupSettings,
                    privilegedUsers,
                    graphPermissions,
                    deviceRegistration,
                    syncFeatures,
                    krbtgt,
                    existing,
                    roleDefinitions,
                    appManagement,
                    privilegedSignIns,
                    microsoftGroups,
                    dynamicGroups,
                    suspiciousActivity,
                    licenseInsight,
                    conditionalAccessGroups,
                    usersWithoutMfa,
                    agentPolicies,
                    roleAlerts,
                    catalogs,
                    accessPackages,
                    accessPolicies,
                    approvers
                )
                .ConfigureAwait(false);

            async Task<IReadOnlyCollection<string>> ReadExistingObjects(IReadOnlyList<DirectoryReference> references)
            {
                var ids = references.Select(r => r.Id).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
                var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                for (var start = 0; start < ids.Length; start += DirectoryReferences.IdsPerLookup)
                {
                    var chunk = ids.Skip(start).Take(DirectoryReferences.IdsPerLookup).ToArray();
                    found.UnionWith(
                        await source.ReadExistingObjectIdsAsync(chunk, cancellationToken).ConfigureAwait(false)
                    );
                }
                return found;
            }

            return new TenantSnapshot
            {
                TenantId = organization.Result.Read ? organization.Result.Value.Id : null,
                OnPremisesSyncEnabled = organization.Result.Read
                    ? organization.Result.Value.OnPremisesSyncEnabled
                    : null,
                SubscribedSkus = skus.Read ? skus.Value : null,
                SecurityDefaultsEnabled = defaults.Result.Read ? defaults.Result.Value : null,
                ConditionalAccessPolicies = policies.Result.Read ? policies.Result.Value : null,
                AuthorizationPolicy = authorization.Result.Read ? authorization.Result.Value : null,
                ActiveRoleAssignments = active.Result.Read ? active.Result.Value : null,
                EligibleRoleAssignments = eligible.Result.Read ? eligible.Result.Value : null,
                Applications = applications.Result.Read ? applications.Result.Value : null,
                ServicePrincipals = principals.Result.Read ? principals.Result.Value : null,
                AuthenticationMethodsPolicy = methods.Result.Read ? methods.Result.Value : null,
                AdminConsentRequestPolicy = consentRequests.Result.Read ? consentRequests.Result.Value : null,
                Domains = domains.Result.Read ? domains.Result.Value : null,
                RoleManagementPolicies = roleSettings.Result.Read ? roleSettings.Result.Value : null,
                GroupSettings = groupSettings.Result.Read ? groupSettings.Result.Value : null,
                PrivilegedUsers = privilegedUsers.Result.Read ? privilegedUsers.Result.Value : null,
                GraphPermissions = graphPermissions.Result.Read ? graphPermissions.Result.Value : null,
                ExistingObjectIds = existing.Result.Read ? existing.Result.Value : null,
                DeviceRegistrationPolicy = deviceRegistration.Result.Read ? deviceRegistration.Result.Value : null,
                OnPremisesSyncFeatures = syncFeatures.Result.Read ? syncFeatures.Result.Value : null,
                KrbtgtAccounts = krbtgt.Result.Read ? krbtgt.Result.Value : null,
                RoleDefinitions = roleDefinitions.Result.Read ? roleDefinitions.Result.Value : null,
                DefaultAppManagementPolicy = appManagement.Result.Read ? appManagement.Result.Value : null,
                PrivilegedSignIns = privilegedSignIns.Result.Read ? privilegedSignIns.Result.Value : null,
                MicrosoftGroups = microsoftGroups.Result.Read ? microsoftGroups.Result.Value : null,
                DynamicGroups = dynamicGroups.Result.Read ? dynamicGroups.Result.Value : null,
                SuspiciousActivityReporting = suspiciousActivity.Result.Read ? suspiciousActivity.Result.Value : null,
                PremiumLicenseInsight = licenseInsight.Result.Read ? licenseInsight.Result.Value : null,
                ConditionalAccessGroups = conditionalAccessGroups.Result.Read
                    ? conditionalAccessGroups.Result.Value
                    : null,
                UsersWithoutMfa = usersWithoutMfa.Result.Read ? usersWithoutMfa.Result.Value : null,
                AgentConditionalAccessPolicies = agentPolicies.Result.Read ? agentPolicies.Result.Value : null,
                RoleManagementAlerts = roleAlerts.Result.Read ? roleAlerts.Result.Value : null,
                AccessPackageCatalogs = catalogs.Result.Read ? catalogs.Result.Value : null,
                AccessPackages = accessPackages.Result.Read ? accessPackages.Result.Value : null,
                AccessPackagePolicies = accessPolicies.Result.Read ? accessPolicies.Result.Value : null,
                AccessPackageApprovers = approvers.Result.Read ? approvers.Result.Value : null,
                Unavailable = new Dictionary<PostureData, string>(unavailable),
                ReadFrom = new Dictionary<PostureData, string>(readFrom),
            };
        }

        private static PostureData NeedsOf(IEnumerable<PostureCheck> checks) =>
            checks.Aggregate(PostureData.None, (needs, check) => needs | check.Needs);
    }

    /// <summary>Reads what the checks need and evaluates them: the whole posture run behind every host.</summary>
    public static class PostureRunner
    {
        public static async Task<PostureReport> RunAsync(
            ITenantPostureSource source,
            PostureSettings settings,
            IReadOnlyList<PostureCheck> checks,
            DateTimeOffset now,
            IProgress<string>? progress,
            CancellationToken cancellationToken
        )
        {
            settings = await BreakGlassResolver.ResolveAsync(source, settings, cancellationToken).ConfigureAwait(false);
            var snapshot = await TenantSnapshotReader
                .ReadAsync(source, checks, settings, progress, cancellationToken)
                .ConfigureAwait(false);
            return PostureEvaluator.Evaluate(snapshot, settings, checks, now);
        }
    }
}
