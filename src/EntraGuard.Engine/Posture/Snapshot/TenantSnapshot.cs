using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture
{
    /// <summary>
    /// What the posture checks know about a tenant at one moment. A part is null when it was not read — either no
    /// selected check needed it, or reading it failed (then <see cref="Unavailable"/> says why).
    /// </summary>
    public sealed class TenantSnapshot
    {
        public string? TenantId { get; init; }
        public IReadOnlyList<SubscribedSku>? SubscribedSkus { get; init; }
        public bool? SecurityDefaultsEnabled { get; init; }
        public IReadOnlyList<ConditionalAccessPolicy>? ConditionalAccessPolicies { get; init; }
        public AuthorizationSettings? AuthorizationPolicy { get; init; }
        public IReadOnlyList<DirectoryRoleAssignment>? ActiveRoleAssignments { get; init; }
        public IReadOnlyList<DirectoryRoleAssignment>? EligibleRoleAssignments { get; init; }
        public IReadOnlyList<ApplicationObject>? Applications { get; init; }
        public IReadOnlyList<ServicePrincipalObject>? ServicePrincipals { get; init; }
        public AuthenticationMethodsSettings? AuthenticationMethodsPolicy { get; init; }
        public AdminConsentRequestSettings? AdminConsentRequestPolicy { get; init; }
        public IReadOnlyList<DomainPasswordPolicy>? Domains { get; init; }
        public IReadOnlyList<RoleManagementPolicy>? RoleManagementPolicies { get; init; }
        public IReadOnlyList<GroupSetting>? GroupSettings { get; init; }
        public DeviceRegistrationSettings? DeviceRegistrationPolicy { get; init; }

        /// <summary>From <c>organization</c>, read with <see cref="TenantId"/>.</summary>
        public bool? OnPremisesSyncEnabled { get; init; }

        public OnPremisesSyncFeatures? OnPremisesSyncFeatures { get; init; }
        public IReadOnlyList<DirectoryAccount>? KrbtgtAccounts { get; init; }
        public AppManagementSettings? DefaultAppManagementPolicy { get; init; }

        /// <summary>When the users among the privileged roles' holders last signed in.</summary>
        public IReadOnlyList<UserSignInActivity>? PrivilegedSignIns { get; init; }

        /// <summary>The Microsoft 365 (Unified) groups with their visibility.</summary>
        public IReadOnlyList<DirectoryGroup>? MicrosoftGroups { get; init; }

        /// <summary>The dynamic groups with their membership rules.</summary>
        public IReadOnlyList<DirectoryGroup>? DynamicGroups { get; init; }

        public SuspiciousActivityReporting? SuspiciousActivityReporting { get; init; }
        public PremiumLicenseInsight? PremiumLicenseInsight { get; init; }
        public IReadOnlyList<AccessPackageCatalog>? AccessPackageCatalogs { get; init; }
        public IReadOnlyList<AccessPackage>? AccessPackages { get; init; }
        public IReadOnlyList<AssignmentPolicy>? AccessPackagePolicies { get; init; }
        public IReadOnlyList<DirectoryApprover>? AccessPackageApprovers { get; init; }

        /// <summary>The Conditional Access policies as beta returns them, agent identity conditions included.</summary>
        public IReadOnlyList<ConditionalAccessPolicy>? AgentConditionalAccessPolicies { get; init; }

        public IReadOnlyList<RoleManagementAlert>? RoleManagementAlerts { get; init; }

        /// <summary>The users among the privileged roles' holders, by what Graph returned for them.</summary>
        public IReadOnlyList<DirectoryUser>? PrivilegedUsers { get; init; }

        /// <summary>The Microsoft Graph permissions service principals hold, application and delegated.</summary>
        public IReadOnlyList<GraphPermissionGrant>? GraphPermissions { get; init; }

        /// <summary>
        /// The ids among those the read policies name (<see cref="DirectoryReferences"/>) that belong to an existing
        /// user or group.
        /// </summary>
        public IReadOnlyCollection<string>? ExistingObjectIds { get; init; }

        /// <summary>The directory's role definitions; empty when no policy names a role beyond the known built-in
        /// ones (nothing is then read).</summary>
        public IReadOnlyList<RoleDefinition>? RoleDefinitions { get; init; }

        /// <summary>The groups the enabled and report-only Conditional Access policies name that exist.</summary>
        public IReadOnlyList<ConditionalAccessGroup>? ConditionalAccessGroups { get; init; }

        /// <summary>The users the MFA registration report lists as not registered.</summary>
        public IReadOnlyList<UserMfaRegistration>? UsersWithoutMfa { get; init; }

        /// <summary>Why a part could not be read (permission denied, not licensed, …), by part.</summary>
        public IReadOnlyDictionary<PostureData, string> Unavailable { get; init; } =
            new Dictionary<PostureData, string>();

        /// <summary>The Graph request each part was read from, for evidence; parts built by hand may have
        /// none.</summary>
        public IReadOnlyDictionary<PostureData, string> ReadFrom { get; init; } = new Dictionary<PostureData, string>();

        /// <summary>The licences the subscriptions grant; <see cref="TenantLicences.Unknown"/> when the SKUs were not
        /// read.</summary>
        public TenantLicences Licences =>
            SubscribedSkus is null ? TenantLicences.Unknown : TenantLicences.From(SubscribedSkus);

        /// <summary>The source to name in evidence for a part: where it was read from, else its usual Graph
        /// path.</summary>
        public string SourceOf(PostureData part) =>
            ReadFrom.TryGetValue(part, out var path)
                ? path
                : PostureDataSource.For(part).FirstOrDefault()?.Path ?? part.ToString();
    }

    /// <summary>The Microsoft Entra ID licence levels that decide whether a feature exists in the tenant.</summary>
    public sealed class TenantLicences
    {
        internal const string EntraIdP1Plan = "41781fb2-bc02-4b7c-bd55-b576c07bb09d"; // AAD_PREMIUM
        internal const string EntraIdP2Plan = "eec0eb4f-6444-4f95-aba0-50c24d67f998"; // AAD_PREMIUM_P2
        internal const string GovernancePlan = "e866a266-3cff-43a3-acca-0c90a7e00c8b"; // Entra_Identity_Governance
        internal const string WorkloadIdP1Plan = "84c289f0-efcb-486f-8581-07f44fc9efad"; // AAD_WRKLDID_P1
        internal const string WorkloadIdP2Plan = "7dc0e92d-bf15-401d-907e-0884efe7c760"; // AAD_WRKLDID_P2

        private TenantLicences(bool known, bool p1, bool p2, bool governance, IReadOnlyList<string> skus)
        {
            IsKnown = known;
            EntraIdP1 = p1;
            EntraIdP2 = p2;
            Governance = governance;
            ActiveSkus = skus;
        }

        public static TenantLicences Unknown { get; } = new(false, false, false, false, Array.Empty<string>());

        /// <summary>Microsoft Entra Workload ID Premium, which app management policies need to be
        /// enforced.</summary>
        public bool WorkloadId { get; private init; }

        /// <summary>False when the subscriptions could not be read: then no check is ruled out for want of a
        /// licence.</summary>
        public bool IsKnown { get; }

        /// <summary>Conditional Access (P1, also part of P2).</summary>
        public bool EntraIdP1 { get; }

        /// <summary>Identity Protection risk in Conditional Access and PIM.</summary>
        public bool EntraIdP2 { get; }

        /// <summary>Entra ID Governance, which also brings PIM.</summary>
        public bool Governance { get; }

        /// <summary>Privileged Identity Management (eligible assignments) is available.</summary>
        public bool Pim => EntraIdP2 || Governance;

        public IReadOnlyList<string> ActiveSkus { get; }

        public static TenantLicences From(IEnumerable<SubscribedSku> skus)
        {
            var active = skus.Where(sku => sku.IsActive).ToArray();
            bool Has(string planId) =>
                active.Any(sku =>
                    sku.ServicePlans.Any(plan =>
                        string.Equals(plan.ServicePlanId, planId, StringComparison.OrdinalIgnoreCase)
                        && !string.Equals(plan.ProvisioningStatus, "Disabled", StringComparison.OrdinalIgnoreCase)
                    )
                );
            var p2 = Has(EntraIdP2Plan);
            return new TenantLicences(
                true,
                p2 || Has(EntraIdP1Plan),
                p2,
                Has(GovernancePlan),
                active
                    .Select(sku => sku.SkuPartNumber)
                    .Where(name => name.Length > 0)
                    .Distinct(StringComparer.OrdinalIgnoreCase)
                    .ToArray()
            )
            {
                WorkloadId = Has(WorkloadIdP1Plan) || Has(WorkloadIdP2Plan),
            };
        }

        /// <summary>
        /// Does the tenant hold this licence, as far as is known? Unknown licences do not rule a check out (what it
        /// finds configured proves the feature); the evaluator then never lets such a check fail on a guess.
        /// </summary>
        public bool Satisfies(PostureLicence licence) =>
            !IsKnown
            || licence switch
            {
                PostureLicence.None => true,
                PostureLicence.EntraIdP1 => EntraIdP1,
                PostureLicence.EntraIdP2 => EntraIdP2,
                PostureLicence.Pim => Pim,
                PostureLicence.WorkloadId => WorkloadId,
                _ => false,
            };

        public override string ToString() =>
            !IsKnown
                ? "unknown (subscriptions not read)"
                : $"Entra ID P1: {YesNo(EntraIdP1)}, P2: {YesNo(EntraIdP2)}, Governance: {YesNo(Governance)}"
                    + (
                        ActiveSkus.Count > 0
                            ? $" (subscriptions: {string.Join(", ", ActiveSkus)})"
                            : " (no active subscriptions)"
                    );

        private static string YesNo(bool value) => value ? "yes" : "no";
    }

    /// <summary>The licence a check needs before it means anything.</summary>
    public enum PostureLicence
    {
        None = 0,
        EntraIdP1 = 1,
        EntraIdP2 = 2,

        /// <summary>Entra ID P2 or Entra ID Governance.</summary>
        Pim = 3,

        /// <summary>Microsoft Entra Workload ID Premium.</summary>
        WorkloadId = 4,
    }
}
