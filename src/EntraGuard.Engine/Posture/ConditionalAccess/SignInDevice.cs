using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.ConditionalAccess
{
    /// <summary>
    /// The device a described sign-in comes from, as far as a device filter can see it: the device properties
    /// that are told (device.trustType, device.isCompliant, …, without the <c>device.</c> prefix). A property not
    /// told stays unknown, so a filter on it is never guessed. An unregistered device has no object in the
    /// directory: Entra reads every property of it as empty, which is known.
    /// </summary>
    public sealed class SignInDevice
    {
        private readonly IReadOnlyDictionary<string, string?>? _properties;

        private SignInDevice(string description, IReadOnlyDictionary<string, string?>? properties)
        {
            Description = description;
            _properties = properties;
        }

        public string Description { get; }

        /// <summary>A device with no directory object: every property is empty.</summary>
        public static SignInDevice Unregistered { get; } = new("an unregistered device", null);

        /// <summary>A registered device with these properties told (names without <c>device.</c>).</summary>
        public static SignInDevice Registered(string description, IReadOnlyDictionary<string, string?> properties) =>
            new(
                description,
                new Dictionary<string, string?>(
                    properties.ToDictionary(p => p.Key, p => p.Value),
                    StringComparer.OrdinalIgnoreCase
                )
            );

        /// <summary>
        /// The devices EntraGuard counts as unmanaged — neither marked compliant nor hybrid joined (trust type
        /// ServerAD) — in each state a filter can tell apart: unregistered; registered or Entra joined, either
        /// outside device management (isCompliant empty) or managed but not compliant.
        /// </summary>
        public static IReadOnlyList<SignInDevice> Unmanaged { get; } =
            new[]
            {
                Unregistered,
                Joined("Workplace", null, "a registered personal device outside device management"),
                Joined("Workplace", "False", "a registered personal device that is not compliant"),
                Joined("AzureAD", null, "an Entra-joined device outside device management"),
                Joined("AzureAD", "False", "an Entra-joined device that is not compliant"),
            };

        private static SignInDevice Joined(string trustType, string? isCompliant, string description) =>
            Registered(
                description,
                new Dictionary<string, string?> { ["trustType"] = trustType, ["isCompliant"] = isCompliant }
            );

        /// <summary>The property's value (null: empty) when told; false when the description does not tell
        /// it.</summary>
        public bool TryGet(string property, out string? value)
        {
            value = null;
            return _properties is null || _properties.TryGetValue(property, out value);
        }

        public override string ToString() => Description;
    }
}
