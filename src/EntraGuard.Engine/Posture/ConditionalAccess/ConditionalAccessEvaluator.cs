using System;
using System.Collections.Generic;
using System.Linq;
using EntraGuard.Posture.Checks;
using static EntraGuard.Posture.Checks.ConditionalAccessAnalysis;

namespace EntraGuard.Posture.ConditionalAccess
{
    /// <summary>Whether a policy's conditions take in a sign-in.</summary>
    public enum PolicyApplicability
    {
        Applies = 0,
        DoesNotApply = 1,

        /// <summary>The policy has a condition a description cannot judge (a device filter on what the device
        /// does not tell, …).</summary>
        Unknown = 2,
    }

    /// <summary>One policy judged against one sign-in: whether it applies, and why.</summary>
    public sealed class PolicyVerdict
    {
        public PolicyVerdict(ConditionalAccessPolicy policy, PolicyApplicability applicability, string reason)
        {
            Policy = policy;
            Applicability = applicability;
            Reason = reason;
        }

        public ConditionalAccessPolicy Policy { get; }
        public PolicyApplicability Applicability { get; }

        /// <summary>The deciding condition: what leaves the sign-in out, what cannot be judged, or "applies".</summary>
        public string Reason { get; }

        public override string ToString() => $"'{Policy.DisplayName}': {Reason}";
    }

    /// <summary>
    /// Answers "which Conditional Access policies apply to this sign-in, and what do they require" from the policies
    /// alone — no API, no sign-in logs. Enabled policies are enforced; report-only ones are listed apart. What a
    /// description cannot decide (a device filter on what the described device does not tell, application filters,
    /// insider risk) makes a policy Unknown, and an
    /// Unknown policy never counts towards a requirement: the evaluator proves what is enforced, never guesses it.
    /// </summary>
    public static class ConditionalAccessEvaluator
    {
        /// <summary>The built-in authentication strength "Phishing-resistant MFA".</summary>
        public const string PhishingResistantStrength = "00000000-0000-0000-0000-000000000004";

        private static readonly string[] PhishingResistantMethods =
        {
            "windowsHelloForBusiness",
            "fido2",
            "x509CertificateMultiFactor",
        };

        public static SignInEvaluation Evaluate(IReadOnlyList<ConditionalAccessPolicy> policies, SignIn signIn)
        {
            var verdicts = policies.Where(p => p.IsEnabled || p.IsReportOnly).Select(p => Judge(p, signIn)).ToArray();
            return new SignInEvaluation(signIn, verdicts);
        }

        /// <summary>Does the policy's grant demand phishing-resistant MFA, with no way around it?</summary>
        public static bool RequiresPhishingResistantMfa(ConditionalAccessPolicy policy)
        {
            var strength =
                string.Equals(policy.AuthenticationStrengthId, PhishingResistantStrength, StringComparison.Ordinal)
                || (
                    policy.AuthenticationStrengthCombinations.Count > 0
                    && policy.AuthenticationStrengthCombinations.All(c =>
                        c.Split(',').All(method => Has(PhishingResistantMethods, method.Trim()))
                    )
                );
            if (!strength)
                return false;
            // With OR, any other control would do instead of the strength.
            return IsAnd(policy)
                || policy.BuiltInControls.Count + policy.CustomAuthenticationFactors.Count + policy.TermsOfUse.Count
                    == 0;
        }

        private static readonly string[] ManagedDeviceControls = { "compliantDevice", "domainJoinedDevice" };

        /// <summary>
        /// Does every way through the policy's grant need a managed device (compliant, or hybrid joined)?
        /// </summary>
        public static bool RequiresManagedDevice(ConditionalAccessPolicy policy)
        {
            var device = policy.BuiltInControls.Any(c => Has(ManagedDeviceControls, c));
            if (!device || IsAnd(policy))
                return device;
            // With OR, every control offered must itself be a device control.
            return policy.BuiltInControls.All(c => Has(ManagedDeviceControls, c))
                && policy.AuthenticationStrength is null
                && policy.CustomAuthenticationFactors.Count + policy.TermsOfUse.Count == 0;
        }

        internal static bool IsAnd(ConditionalAccessPolicy policy) =>
            string.Equals(policy.GrantOperator, "AND", StringComparison.OrdinalIgnoreCase);

        /// <summary>Whether the policy takes in the sign-in, naming the condition that decides.</summary>
        public static PolicyVerdict Judge(ConditionalAccessPolicy policy, SignIn signIn)
        {
            var reason =
                UsersLeaveOut(policy, signIn)
                ?? TargetLeavesOut(policy, signIn)
                ?? ClientLeavesOut(policy, signIn)
                ?? PlatformLeavesOut(policy, signIn)
                ?? LocationLeavesOut(policy, signIn)
                ?? RiskLeavesOut("sign-in", policy.SignInRiskLevels, signIn.SignInRisk)
                ?? RiskLeavesOut("user", policy.UserRiskLevels, signIn.UserRisk)
                ?? FlowLeavesOut(policy, signIn)
                ?? DeviceLeavesOut(policy, signIn);
            if (reason is not null)
                return new PolicyVerdict(policy, PolicyApplicability.DoesNotApply, reason);
            var undecided = Undecided(policy, signIn);
            return undecided is null
                ? new PolicyVerdict(policy, PolicyApplicability.Applies, "applies")
                : new PolicyVerdict(policy, PolicyApplicability.Unknown, undecided);
        }

        private static bool AnyOf(IReadOnlyList<string> values, IReadOnlyList<string> candidates) =>
            candidates.Any(c => Has(values, c));

        private static bool GuestMatches(string? policyTypes, SignIn signIn) =>
            signIn.GuestOrExternalUserType is { } kind
            && policyTypes is { Length: > 0 } types
            && types.Split(',').Any(t => string.Equals(t.Trim(), kind, StringComparison.OrdinalIgnoreCase));

        /// <summary>
        /// Why the policy's user condition leaves the sign-in's user out, or null when it takes them in.
        /// </summary>
        public static string? UsersLeaveOut(ConditionalAccessPolicy policy, SignIn signIn)
        {
            if (policy.TargetsWorkloadIdentities)
                return "targets workload identities, not users";
            var guest = signIn.GuestOrExternalUserType is not null;
            var included =
                Has(policy.IncludeUsers, "All")
                || Has(policy.IncludeUsers, signIn.UserId)
                || (guest && Has(policy.IncludeUsers, "GuestsOrExternalUsers"))
                || GuestMatches(policy.IncludeGuestsOrExternalUsers, signIn)
                || AnyOf(policy.IncludeGroups, signIn.GroupIds)
                || AnyOf(policy.IncludeRoles, signIn.RoleIds);
            if (!included)
                return "the user is not among the users, groups and roles it includes";
            if (Has(policy.ExcludeUsers, signIn.UserId))
                return "excludes the user";
            if (signIn.GroupIds.FirstOrDefault(g => Has(policy.ExcludeGroups, g)) is { } group)
                return $"excludes group {group}";
            if (signIn.RoleIds.FirstOrDefault(r => Has(policy.ExcludeRoles, r)) is { } role)
                return $"excludes role {PrivilegedRoles.NameOf(role)}";
            if (
                (guest && Has(policy.ExcludeUsers, "GuestsOrExternalUsers"))
                || GuestMatches(policy.ExcludeGuestsOrExternalUsers, signIn)
            )
                return "excludes guests or external users of this kind";
            return null;
        }

        private static string? TargetLeavesOut(ConditionalAccessPolicy policy, SignIn signIn)
        {
            if (signIn.UserAction is { } action)
            {
                return Has(policy.IncludeUserActions, action) ? null : $"does not target the user action {action}";
            }
            if (policy.IncludeUserActions.Count > 0)
                return "targets user actions, not applications";
            if (policy.IncludeAuthenticationContexts.Count > 0)
            {
                return Has(policy.IncludeAuthenticationContexts, signIn.AuthenticationContext)
                    ? null
                    : "targets authentication contexts the sign-in does not ask for";
            }
            var app = signIn.Application;
            var included =
                Has(policy.IncludeApplications, "All")
                || Has(policy.IncludeApplications, app)
                || AnyOf(policy.IncludeApplications, signIn.ApplicationGroups);
            if (!included)
                return "does not target the application";
            if (Has(policy.ExcludeApplications, app) || AnyOf(policy.ExcludeApplications, signIn.ApplicationGroups))
                return "excludes the application";
            return null;
        }

        private static string? ClientLeavesOut(ConditionalAccessPolicy policy, SignIn signIn)
        {
            var types = policy.ClientAppTypes;
            if (types.Count == 0 || Has(types, "all") || Has(types, signIn.ClientAppType))
                return null;
            // easSupported / easUnsupported are older spellings of Exchange ActiveSync.
            if (
                string.Equals(signIn.ClientAppType, "exchangeActiveSync", StringComparison.OrdinalIgnoreCase)
                && (Has(types, "easSupported") || Has(types, "easUnsupported"))
            )
                return null;
            return $"only for client app types {string.Join(", ", types)}";
        }

        private static string? PlatformLeavesOut(ConditionalAccessPolicy policy, SignIn signIn)
        {
            if (policy.IncludePlatforms.Count == 0 && policy.ExcludePlatforms.Count == 0)
                return null;
            var platform = signIn.Platform;
            if (!Has(policy.IncludePlatforms, "all") && !Has(policy.IncludePlatforms, platform))
                return $"only on platforms {string.Join(", ", policy.IncludePlatforms)}";
            var excluded = policy.ExcludePlatforms.FirstOrDefault(p =>
                string.Equals(p, platform, StringComparison.OrdinalIgnoreCase)
            );
            return excluded is null ? null : $"excludes platform {excluded}";
        }

        private static string? LocationLeavesOut(ConditionalAccessPolicy policy, SignIn signIn)
        {
            if (policy.IncludeLocations.Count == 0 && policy.ExcludeLocations.Count == 0)
                return null;
            bool In(IReadOnlyList<string> locations) =>
                Has(locations, "All")
                || (signIn.IsTrustedLocation && Has(locations, "AllTrusted"))
                || AnyOf(locations, signIn.LocationIds);
            if (policy.IncludeLocations.Count > 0 && !In(policy.IncludeLocations))
                return "only from locations the sign-in is not in";
            return In(policy.ExcludeLocations) ? "excludes the sign-in's location" : null;
        }

        private static string? RiskLeavesOut(string kind, IReadOnlyList<string> levels, string risk) =>
            levels.Count == 0 || Has(levels, risk) ? null : $"only at {kind} risk {string.Join(", ", levels)}";

        private static string? FlowLeavesOut(ConditionalAccessPolicy policy, SignIn signIn)
        {
            if (policy.TransferMethods is not { } methods)
                return null;
            var flows = methods.Split(',').Select(m => m.Trim()).ToArray();
            return Has(flows, signIn.AuthenticationFlow) ? null : $"only for the authentication flows {methods}";
        }

        private static string? DeviceLeavesOut(ConditionalAccessPolicy policy, SignIn signIn) =>
            policy.DeviceFilter is { } filter
            && signIn.Device is { } device
            && filter.Applies(device, new HashSet<string>()) == FilterMatch.False
                ? $"its device filter ({filter}) leaves out {device}"
                : null;

        private static string? Undecided(ConditionalAccessPolicy policy, SignIn signIn)
        {
            var open = new List<string>();
            if (policy.DeviceFilter is { } filter && DeviceUndecided(filter, signIn.Device) is { } device)
                open.Add(device);
            if (policy.HasApplicationFilter)
                open.Add("an application filter");
            if (policy.HasInsiderRiskLevels)
                open.Add("insider risk levels");
            return open.Count == 0 ? null : $"cannot be decided: it has {string.Join(", ", open)}";
        }

        /// <summary>What keeps a device filter from being decided for the sign-in's device, or null.</summary>
        private static string? DeviceUndecided(DeviceFilter filter, SignInDevice? device)
        {
            if (device is null)
                return "a device filter";
            var unknown = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
            if (filter.Applies(device, unknown) != FilterMatch.Unknown)
                return null;
            return filter.Error is { } error
                ? $"a device filter it cannot read ({error})"
                : $"a device filter on {string.Join(", ", unknown.Select(p => $"device.{p}"))}, which "
                    + $"{device} does not tell";
        }
    }
}
