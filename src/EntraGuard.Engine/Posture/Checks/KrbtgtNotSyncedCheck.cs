using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    internal sealed class KrbtgtNotSyncedCheck : SynchronizedTenantCheck
    {
        public KrbtgtNotSyncedCheck()
            : base(
                "EGP098",
                "The krbtgt_AzureAD account is not synchronized to Microsoft Entra ID",
                Severity.High,
                PostureData.KrbtgtAccounts,
                "krbtgt_AzureAD holds the key with which Microsoft Entra ID issues Kerberos tickets for Windows Hello "
                    + "for Business cloud trust and FIDO2 sign-in to on-premises resources. It belongs in Active "
                    + "Directory only; a synchronized copy in the tenant is an object anyone managing users can see "
                    + "and touch, and a sign that the synchronization scope takes in accounts it should never reach.",
                "Exclude the krbtgt_AzureAD object (and every krbtgt account) from the Microsoft Entra Connect or "
                    + "Cloud Sync scope, for example by its organizational unit or a scoping filter, run a "
                    + "synchronization, and confirm the copy is gone: GET /users?$filter=startswith(displayName,"
                    + "'krbtgt')&$select=id,onPremisesSyncEnabled returns no synchronized account."
            )
        {
            Frameworks = new[] { "MT.1147" };
        }

        protected override CheckOutcome EvaluateSynchronized(PostureContext context, List<string> evidence)
        {
            var snapshot = context.Snapshot;
            var accounts = context.Require(snapshot.KrbtgtAccounts, PostureData.KrbtgtAccounts);
            evidence.Add(
                $"{snapshot.SourceOf(PostureData.KrbtgtAccounts)}: accounts named krbtgt*: "
                    + (accounts.Count == 0 ? "none" : string.Join(", ", accounts))
            );
            var findings = accounts
                .Where(account => account.OnPremisesSyncEnabled && account.IsKrbtgtAzureAd)
                .Select(account => new PostureFinding
                {
                    TargetId = account.Id,
                    TargetName = account.UserPrincipalName ?? account.DisplayName ?? account.Id,
                    TargetType = "user",
                    Detail =
                        "krbtgt_AzureAD is synchronized from Active Directory"
                        + (account.OnPremisesDistinguishedName is { } dn ? $" ({dn})" : ""),
                })
                .ToArray();
            return CheckOutcome.FromFindings(
                findings,
                "krbtgt_AzureAD is synchronized to the tenant",
                "no synchronized krbtgt_AzureAD account",
                evidence
            );
        }
    }
}
