using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    internal sealed class UsersCannotRegisterAppsCheck : PostureCheck
    {
        public UsersCannotRegisterAppsCheck()
            : base(
                "EGP008",
                "Users cannot register applications",
                Severity.Medium,
                "Applications",
                PostureData.AuthorizationPolicy,
                PostureLicence.None,
                "When every user may register applications, any compromised account can create an app it owns, give it "
                    + "a secret and keep signing in as that app after the password is reset. Such apps also look "
                    + "internal, which helps consent phishing inside the organization. Registrations should come from "
                    + "the few people whose job it is.",
                "Set 'Users can register applications' to No (Entra admin center → Users → User settings), which sets "
                    + "authorizationPolicy.defaultUserRolePermissions.allowedToCreateApps to false. Give the "
                    + "Application Developer role to the people who build applications."
            )
        {
            Frameworks = new[] { "MS.AAD.5.1", "EIDSCA.AP10", "CIS.M365.5.1.2.2" };
        }

        internal override CheckOutcome Evaluate(PostureContext context)
        {
            var policy = context.Require(context.Snapshot.AuthorizationPolicy, PostureData.AuthorizationPolicy);
            var source = context.Snapshot.SourceOf(PostureData.AuthorizationPolicy);
            var allowed = SettingCheck.Text(policy.AllowedToCreateApps);
            var evidence = new[]
            {
                $"{source}: defaultUserRolePermissions.allowedToCreateApps = {allowed ?? "(not returned)"}",
            };
            // A missing value is not "false": nothing said users cannot register apps.
            if (allowed is null)
            {
                return CheckOutcome.Skip(
                    $"skipped: {source} did not return defaultUserRolePermissions.allowedToCreateApps",
                    evidence
                );
            }
            var findings = new List<PostureFinding>();
            if (policy.AllowedToCreateApps == true)
            {
                findings.Add(
                    new PostureFinding
                    {
                        TargetId = "allowedToCreateApps",
                        TargetName = "Users can register applications",
                        TargetType = "setting",
                        Detail = "every user may register applications (allowedToCreateApps = true)",
                    }
                );
            }
            return CheckOutcome.FromFindings(
                findings,
                "users can register applications",
                "only users holding an application role can register applications (allowedToCreateApps = false)",
                evidence
            );
        }
    }
}
