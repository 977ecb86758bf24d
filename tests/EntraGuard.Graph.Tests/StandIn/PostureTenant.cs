using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;

namespace EntraGuard.Graph.Tests.StandIn
{
    /// <summary>
    /// A tenant's configuration served by the stand-in at the paths the posture checks read: by default the Fabrikam
    /// sample (samples/posture, Graph v1.0 response bodies), with helpers to replace or refuse any one of them.
    /// </summary>
    public sealed class PostureTenant
    {
        public const string Organization = "/organization";
        public const string SubscribedSkus = "/subscribedSkus";
        public const string SecurityDefaults = "/policies/identitySecurityDefaultsEnforcementPolicy";
        public const string ConditionalAccess = "/identity/conditionalAccess/policies";
        public const string AuthorizationPolicy = "/policies/authorizationPolicy";
        public const string RoleAssignmentSchedules = "/roleManagement/directory/roleAssignmentSchedules";
        public const string RoleEligibilitySchedules = "/roleManagement/directory/roleEligibilitySchedules";
        public const string RoleAssignments = "/roleManagement/directory/roleAssignments";
        public const string Applications = "/applications";
        public const string ServicePrincipals = "/servicePrincipals";
        public const string AuthenticationMethodsPolicy = "/policies/authenticationMethodsPolicy";
        public const string AdminConsentRequestPolicy = "/policies/adminConsentRequestPolicy";
        public const string Domains = "/domains";
        public const string RoleManagementPolicies = "/policies/roleManagementPolicyAssignments";
        public const string GroupSettings = "/groupSettings";

        /// <summary>Users by id (the privileged role holders), by name (break-glass accounts) and the krbtgt lookup:
        /// one path, told apart by the filter (<see cref="ServeUsers"/>).</summary>
        public const string Users = "/users";

        /// <summary>Microsoft Graph's service principal in the sample, and what is granted on it.</summary>
        public const string GraphServicePrincipal = "/servicePrincipals/5f000000-0000-4000-8000-0000000000e2";

        public const string AppRoleAssignedTo = GraphServicePrincipal + "/appRoleAssignedTo";
        public const string PermissionGrants = "/oauth2PermissionGrants";
        public const string DirectoryObjects = "/directoryObjects/getByIds";
        public const string DeviceRegistrationPolicy = "/policies/deviceRegistrationPolicy";
        public const string OnPremisesSynchronization = "/directory/onPremisesSynchronization";
        public const string RoleDefinitions = "/roleManagement/directory/roleDefinitions";
        public const string DefaultAppManagementPolicy = "/policies/defaultAppManagementPolicy";

        /// <summary>Microsoft 365 groups and dynamic groups: one path, told apart by the groupTypes filter
        /// (<see cref="ServeGroups"/>).</summary>
        public const string Groups = "/groups";

        /// <summary>The MFA registration report (read filtered to the users without MFA registered).</summary>
        public const string UserRegistrationDetails = "/reports/authenticationMethods/userRegistrationDetails";

        /// <summary>The reads Graph serves in beta only (under <see cref="Beta"/>).</summary>
        public const string Beta = "/beta";

        public const string LicenseInsight = "/reports/azureADPremiumLicenseInsight";
        public const string RoleManagementAlerts = "/identityGovernance/roleManagementAlerts/alerts";

        public const string AccessPackageCatalogs = "/identityGovernance/entitlementManagement/catalogs";
        public const string AccessPackages = "/identityGovernance/entitlementManagement/accessPackages";
        public const string AccessPackagePolicies = "/identityGovernance/entitlementManagement/assignmentPolicies";

        /// <summary>The paths the sample serves, each with its file.</summary>
        private static readonly (string Path, string File)[] SampleFiles =
        {
            (Organization, "organization.json"),
            (SubscribedSkus, "subscribedSkus.json"),
            (SecurityDefaults, "identitySecurityDefaultsEnforcementPolicy.json"),
            (ConditionalAccess, "conditionalAccessPolicies.json"),
            (AuthorizationPolicy, "authorizationPolicy.json"),
            (RoleAssignmentSchedules, "roleAssignmentSchedules.json"),
            (RoleEligibilitySchedules, "roleEligibilitySchedules.json"),
            (Applications, "applications.json"),
            (AuthenticationMethodsPolicy, "authenticationMethodsPolicy.json"),
            (AdminConsentRequestPolicy, "adminConsentRequestPolicy.json"),
            (Domains, "domains.json"),
            (RoleManagementPolicies, "roleManagementPolicyAssignments.json"),
            (GroupSettings, "groupSettings.json"),
            (GraphServicePrincipal, "graphServicePrincipal.json"),
            (AppRoleAssignedTo, "appRoleAssignedTo.json"),
            (PermissionGrants, "oauth2PermissionGrants.json"),
            (DeviceRegistrationPolicy, "deviceRegistrationPolicy.json"),
            (OnPremisesSynchronization, "onPremisesSynchronization.json"),
            (RoleDefinitions, "roleDefinitions.json"),
            (DefaultAppManagementPolicy, "defaultAppManagementPolicy.json"),
            (UserRegistrationDetails, "userRegistrationDetails.json"),
            (AccessPackageCatalogs, "accessPackageCatalogs.json"),
            (AccessPackages, "accessPackages.json"),
            (AccessPackagePolicies, "accessPackageAssignmentPolicies.json"),
        };

        private static readonly (string Path, string File)[] BetaSampleFiles =
        {
            (AuthenticationMethodsPolicy, "authenticationMethodsPolicy-beta.json"),
            (LicenseInsight, "azureADPremiumLicenseInsight.json"),
            (ConditionalAccess, "conditionalAccessPolicies-beta.json"),
            (RoleManagementAlerts, "roleManagementAlerts.json"),
        };

        private readonly GraphStandIn _standIn;

        public PostureTenant(GraphStandIn standIn) => _standIn = standIn;

        public static string SampleFolder { get; } = FindSamples();

        public static string Sample(string file) => File.ReadAllText(Path.Combine(SampleFolder, file));

        /// <summary>A file of the compliant tenant the Pester pack runs against (tests/checks/tenants/…).</summary>
        public static string Compliant(string file) =>
            File.ReadAllText(Path.Combine(SampleFolder, "..", "..", "tests", "checks", "tenants", "compliant", file));

        /// <summary>Serves every part of the Fabrikam sample; the service principals come in two pages.</summary>
        public PostureTenant ServeFabrikam()
        {
            foreach (var (path, file) in SampleFiles)
                Serve(path, Sample(file));
            foreach (var (path, file) in BetaSampleFiles)
                ServeBeta(path, Sample(file));
            ServeUsers(Sample("users.json"), Sample("krbtgtUsers.json"));
            ServeGroups(
                Sample("microsoftGroups.json"),
                Sample("dynamicGroups.json"),
                Sample("conditionalAccessGroups.json")
            );
            // The lookup is a POST; the sample answers with the users and groups that still exist.
            _standIn.OnJson("POST", DirectoryObjects, Sample("directoryObjects.json"));
            // The sample's nextLink names graph.microsoft.com; here it points at the stand-in, as Graph's own would.
            var first = Sample("servicePrincipals-1.json")
                .Replace("https://graph.microsoft.com/v1.0", _standIn.BaseUrl);
            var second = Sample("servicePrincipals-2.json");
            _standIn.On(
                "GET",
                ServicePrincipals,
                (context, request) =>
                    GraphStandIn.Json(context, request.Query.ContainsKey("$skiptoken") ? second : first)
            );
            return this;
        }

        public PostureTenant Serve(string path, string json)
        {
            _standIn.OnJson("GET", path, json);
            return this;
        }

        public PostureTenant ServeBeta(string path, string json)
        {
            _standIn.On("GET", path, (context, _) => GraphStandIn.Json(context, json), Beta);
            return this;
        }

        /// <summary>Answers a beta path with a Graph error.</summary>
        public PostureTenant RefuseBeta(string path, int status, string code, string message)
        {
            _standIn.On("GET", path, (context, _) => GraphStandIn.Error(context, status, code, message), Beta);
            return this;
        }

        /// <summary>Serves <see cref="Users"/>: the krbtgt lookup (its filter names krbtgt) gets
        /// <paramref name="krbtgt"/>, every other users read <paramref name="users"/>.</summary>
        public PostureTenant ServeUsers(string users, string krbtgt)
        {
            _standIn.On(
                "GET",
                Users,
                (context, request) =>
                    GraphStandIn.Json(
                        context,
                        request.Query.TryGetValue("$filter", out var filter) && filter.Contains("krbtgt")
                            ? krbtgt
                            : users
                    )
            );
            return this;
        }

        /// <summary>Serves <see cref="Groups"/>: the read filtered on DynamicMembership gets
        /// <paramref name="dynamic"/>, the one filtered on Unified <paramref name="microsoft365"/>, the lookup by id
        /// of the groups Conditional Access names <paramref name="byId"/>, and the access packages' approver groups
        /// (by id, with their members) the sample's approverGroups.json.</summary>
        public PostureTenant ServeGroups(string microsoft365, string dynamic, string? byId = null)
        {
            var approvers = Sample("approverGroups.json");
            _standIn.On(
                "GET",
                Groups,
                (context, request) =>
                {
                    var filter = request.Query.TryGetValue("$filter", out var value) ? value : "";
                    return GraphStandIn.Json(
                        context,
                        filter.Contains("DynamicMembership") ? dynamic
                            : !filter.StartsWith("id in", StringComparison.Ordinal) ? microsoft365
                            : request.Query.ContainsKey("$expand") ? approvers
                            : byId ?? microsoft365
                    );
                }
            );
            return this;
        }

        /// <summary>Answers the path with a Graph error.</summary>
        public PostureTenant Refuse(string path, int status, string code, string message)
        {
            _standIn.On("GET", path, (context, _) => GraphStandIn.Error(context, status, code, message));
            return this;
        }

        /// <summary>A collection response: <c>{"value":[…]}</c>.</summary>
        public static string Collection(params JsonObject[] items) =>
            new JsonObject { ["value"] = new JsonArray(items.Cast<JsonNode>().ToArray()) }.ToJsonString();

        /// <summary>The sample file with its items rewritten by <paramref name="edit"/> (each item's JSON
        /// object).</summary>
        public static string Edited(string file, Action<JsonObject> edit)
        {
            var root = JsonNode.Parse(Sample(file))!.AsObject();
            foreach (var item in root["value"]!.AsArray())
                edit(item!.AsObject());
            return root.ToJsonString();
        }

        private static string FindSamples()
        {
            for (
                var directory = new DirectoryInfo(AppContext.BaseDirectory);
                directory != null;
                directory = directory.Parent
            )
            {
                var candidate = Path.Combine(directory.FullName, "samples", "posture");
                if (Directory.Exists(candidate))
                    return candidate;
            }
            throw new DirectoryNotFoundException("samples/posture was not found above the test's folder.");
        }
    }
}
