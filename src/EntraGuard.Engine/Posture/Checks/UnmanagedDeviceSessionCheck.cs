using System.Collections.Generic;
using System.Linq;
using EntraGuard.Posture.ConditionalAccess;

namespace EntraGuard.Posture.Checks
{
    /// <summary>
    /// A session control every sign-in from an unmanaged device must get: each person of the tenant is described on
    /// each kind of unmanaged device (<see cref="SignInDevice.Unmanaged"/>), so a policy whose device filter takes
    /// those devices in counts, and so does one without a device filter (it covers managed devices as well). A
    /// filter on a property the description does not tell leaves the policy undecided, never counted.
    /// </summary>
    internal abstract class UnmanagedDeviceSessionCheck : SignInRequirementCheck
    {
        protected UnmanagedDeviceSessionCheck(string id, string title, string rationale, string remediation)
            : base(
                id,
                title,
                Severity.Medium,
                PostureLicence.EntraIdP1,
                rationale,
                remediation,
                SignInPopulation.Everyone
            ) { }

        /// <summary>How to have Entra take in unmanaged devices, for the remediation text.</summary>
        protected const string UnmanagedDeviceFilter =
            "Conditions → Filter for devices → Exclude filtered devices, rule device.isCompliant -eq True -or "
            + "device.trustType -eq \"ServerAD\" (conditions.devices.deviceFilter: mode exclude)";

        protected override IEnumerable<SignIn> Shapes(SignIn person) =>
            SignInDevice.Unmanaged.Select(device => Like(person, device: device));
    }
}
