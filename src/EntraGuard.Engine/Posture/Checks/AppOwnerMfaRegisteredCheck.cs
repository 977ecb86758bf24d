using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    /// <summary>
    /// Every user who owns an app registration has MFA registered, judged as Maester's MT.1063 judges it: by
    /// isMfaRegistered in the registration report (registered, not merely capable). Owners the report does not list
    /// are not judged, as in Maester: service principals have no MFA, and the report leaves out disabled users. Only
    /// the users the report lists as not registered are read, so one owner who is registered and one the report
    /// leaves out look the same here; neither fails.
    /// </summary>
    internal sealed class AppOwnerMfaRegisteredCheck : PostureCheck
    {
        public AppOwnerMfaRegisteredCheck()
            : base(
                "EGP067",
                "Owners of app registrations have MFA registered",
                Severity.Medium,
                "Application permissions",
                PostureData.Applications | PostureData.UsersWithoutMfa,
                PostureLicence.EntraIdP1,
                "An owner of an app registration can add a secret or a redirect URI to it and then act as the "
                    + "application, with every permission it holds. An owner without MFA registered is one phished "
                    + "password away from that, and whoever signs in first with the password may register their own "
                    + "method.",
                "Have each listed owner register an MFA method (https://aka.ms/mysecurityinfo), ideally under a "
                    + "Conditional Access policy that requires it, or remove them as owner (Entra admin center → App "
                    + "registrations → the app → Owners → Remove; DELETE /applications/{id}/owners/{owner id}/$ref). "
                    + "Registration is read with GET /reports/authenticationMethods/userRegistrationDetails?$filter="
                    + "isMfaRegistered eq false (AuditLog.Read.All, Entra ID P1)."
            )
        {
            Frameworks = new[] { "MT.1063" };
        }

        internal override CheckOutcome Evaluate(PostureContext context)
        {
            var snapshot = context.Snapshot;
            var apps = context.Require(snapshot.Applications, PostureData.Applications);
            var unregistered = context
                .Require(snapshot.UsersWithoutMfa, PostureData.UsersWithoutMfa)
                .Where(user => user.IsMfaRegistered == false)
                .ById(user => user.Id);

            var findings = new List<PostureFinding>();
            var unjudged = new List<string>();
            var userOwners = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var otherOwners = 0;
            foreach (var app in apps)
            {
                if (app.Owners is null)
                {
                    unjudged.Add($"{app}: Graph did not return its owners");
                    continue;
                }
                otherOwners += app.Owners.Count(owner => !owner.IsUser);
                var users = app.Owners.Where(owner => owner.IsUser).ToArray();
                userOwners.UnionWith(users.Select(owner => owner.Id));
                var without = users
                    .Where(owner => unregistered.ContainsKey(owner.Id))
                    .Select(owner => unregistered[owner.Id])
                    .ToArray();
                if (without.Length == 0)
                    continue;
                findings.Add(
                    app.Finding(
                        $"{app} is owned by {string.Join(", ", without.Select(u => u.ToString()))}, without "
                            + "MFA registered"
                    )
                );
            }

            var evidence = new List<string>
            {
                $"{snapshot.SourceOf(PostureData.Applications)}: {apps.Count} registration(s), {userOwners.Count} "
                    + $"user owner(s); {otherOwners} service principal owner(s) left out (no MFA to register)",
                $"{snapshot.SourceOf(PostureData.UsersWithoutMfa)}: {unregistered.Count} user(s) without MFA "
                    + "registered; an owner the report does not list (registered, or disabled) is not failed",
            };
            if (unjudged.Count > 0)
            {
                evidence.Add($"not judged: {string.Join("; ", unjudged)}");
                if (findings.Count == 0)
                    return CheckOutcome.Skip(
                        $"skipped: the owners of {unjudged.Count} registration(s) could not be read",
                        evidence
                    );
            }
            return CheckOutcome.FromFindings(
                findings,
                "app registrations are owned by users without MFA registered",
                "every user who owns an app registration has MFA registered",
                evidence
            );
        }
    }
}
