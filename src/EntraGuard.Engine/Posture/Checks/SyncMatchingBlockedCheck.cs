using System.Collections.Generic;

namespace EntraGuard.Posture.Checks
{
    internal sealed class SyncMatchingBlockedCheck : SynchronizedTenantCheck
    {
        public SyncMatchingBlockedCheck()
            : base(
                "EGP097",
                "Synchronization cannot take over cloud accounts by soft or hard match",
                Severity.High,
                PostureData.OnPremisesSynchronization,
                "Soft match joins an on-premises account to the cloud account with the same userPrincipalName or "
                    + "mail address; hard match joins it to the cloud account whose immutable id it carries. Whoever "
                    + "controls Active Directory, or the synchronization server, can then create an account that "
                    + "takes over a cloud-only administrator, its roles and its MFA included, and move from on "
                    + "premises into the tenant.",
                "Turn both blocks on with Microsoft Graph PowerShell: Update-MgDirectoryOnPremiseSynchronization with "
                    + "Features @{ BlockSoftMatchEnabled = $true; "
                    + "BlockCloudObjectTakeoverThroughHardMatchEnabled = $true } (PATCH "
                    + "/directory/onPremisesSynchronization/{id}, as a Global Administrator). Join a new account "
                    + "to an existing cloud one on purpose by setting its immutable id, then block again."
            )
        {
            Frameworks = new[] { "MT.1073" };
        }

        protected override CheckOutcome EvaluateSynchronized(PostureContext context, List<string> evidence)
        {
            var snapshot = context.Snapshot;
            var features = context.Require(snapshot.OnPremisesSyncFeatures, PostureData.OnPremisesSynchronization);
            var source = snapshot.SourceOf(PostureData.OnPremisesSynchronization);
            return RequiredValue.Judge(
                new[]
                {
                    RequiredValue.True(
                        "features.blockSoftMatchEnabled",
                        "an on-premises account can take over a cloud account with the same name or address"
                    ),
                    RequiredValue.True(
                        "features.blockCloudObjectTakeoverThroughHardMatchEnabled",
                        "an on-premises account can take over a cloud account by its immutable id"
                    ),
                },
                property =>
                    (property.EndsWith("blockSoftMatchEnabled") ? features.BlockSoftMatch : features.BlockHardMatch)
                        is { } value
                        ? new[] { SettingCheck.Text(value)! }
                        : null,
                source,
                "Directory synchronization",
                "setting",
                "synchronization may take over cloud accounts",
                "soft and hard match are blocked",
                evidence
            );
        }
    }
}
