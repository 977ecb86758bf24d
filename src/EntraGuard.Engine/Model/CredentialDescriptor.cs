using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace EntraGuard
{
    /// <summary>
    /// A credential as Entra describes it in the <c>KeyDescription</c> modified property:
    /// <c>[KeyIdentifier=&lt;guid&gt;,KeyType=Password|AsymmetricX509Cert,KeyUsage=Sign|Verify,DisplayName=…]</c>.
    /// No secret material is ever part of it.
    /// </summary>
    public sealed class CredentialDescriptor
    {
        public const string PasswordType = "Password";
        public const string CertificateType = "AsymmetricX509Cert";

        public CredentialDescriptor(string keyId, string? keyType, string? keyUsage, string? displayName)
        {
            KeyId = keyId;
            KeyType = keyType;
            KeyUsage = keyUsage;
            DisplayName = displayName;
        }

        public string KeyId { get; }

        /// <summary>Password, AsymmetricX509Cert or Symmetric.</summary>
        public string? KeyType { get; }

        /// <summary>Verify for credentials that sign in; Sign for token-signing keys (SAML).</summary>
        public string? KeyUsage { get; }

        public string? DisplayName { get; }

        public bool IsPassword => string.Equals(KeyType, PasswordType, StringComparison.OrdinalIgnoreCase);
        public bool IsCertificate => string.Equals(KeyType, CertificateType, StringComparison.OrdinalIgnoreCase);

        public override string ToString() => $"{KeyType ?? "key"} {KeyId}" + (DisplayName is null ? "" : $" ({DisplayName})");

        // Split only before the keys Entra writes: a certificate's display name ("CN=relay, O=Fabrikam") has
        // commas and equals signs of its own.
        private static readonly Regex Field = new(
            @"(?:^|,)\s*(?<key>KeyIdentifier|KeyType|KeyUsage|DisplayName)=(?<value>.*?)(?=,\s*(?:KeyIdentifier|KeyType|KeyUsage|DisplayName)=|$)",
            RegexOptions.CultureInvariant | RegexOptions.Singleline | RegexOptions.IgnoreCase);

        /// <summary>Parses one <c>[KeyIdentifier=…,…]</c> entry; null when it names no key identifier.</summary>
        public static CredentialDescriptor? ParseEntry(string? entry)
        {
            if (string.IsNullOrWhiteSpace(entry)) return null;
            var text = entry!.Trim();
            if (text.StartsWith("[", StringComparison.Ordinal) && text.EndsWith("]", StringComparison.Ordinal))
            {
                text = text.Substring(1, text.Length - 2);
            }

            string? keyId = null, keyType = null, keyUsage = null, displayName = null;
            foreach (Match match in Field.Matches(text))
            {
                var value = match.Groups["value"].Value.Trim();
                switch (match.Groups["key"].Value.ToLowerInvariant())
                {
                    case "keyidentifier": keyId = value; break;
                    case "keytype": keyType = value; break;
                    case "keyusage": keyUsage = value; break;
                    case "displayname": displayName = value.Length == 0 ? null : value; break;
                }
            }
            return string.IsNullOrEmpty(keyId) ? null : new CredentialDescriptor(keyId!, keyType, keyUsage, displayName);
        }

        /// <summary>
        /// Parses a whole <c>KeyDescription</c> value: a JSON array of entry strings (as Graph sends it), or the
        /// entries as plain text when the value is not JSON.
        /// </summary>
        public static IReadOnlyList<CredentialDescriptor> ParseList(string? value)
        {
            var result = new List<CredentialDescriptor>();
            if (string.IsNullOrWhiteSpace(value)) return result;

            foreach (var entry in SplitEntries(value!))
            {
                var descriptor = ParseEntry(entry);
                if (descriptor != null) result.Add(descriptor);
            }
            return result;
        }

        private static IEnumerable<string> SplitEntries(string value)
        {
            var trimmed = value.Trim();
            if (trimmed.StartsWith("[\"", StringComparison.Ordinal) || trimmed == "[]")
            {
                string[]? entries = null;
                try
                {
                    entries = JsonSerializer.Deserialize<string[]>(trimmed);
                }
                catch (JsonException)
                {
                    // Not JSON after all: fall through to the plain-text split.
                }
                if (entries != null) return entries;
            }

            // Plain text: one or more "[…]" groups, possibly comma separated.
            var groups = new List<string>();
            var depth = 0;
            var start = -1;
            for (var i = 0; i < trimmed.Length; i++)
            {
                if (trimmed[i] == '[')
                {
                    if (depth++ == 0) start = i;
                }
                else if (trimmed[i] == ']' && depth > 0 && --depth == 0)
                {
                    groups.Add(trimmed.Substring(start, i - start + 1));
                }
            }
            if (groups.Count == 0) groups.Add(trimmed);
            return groups;
        }
    }

    /// <summary>What an audited credential change added and removed, from the old and new <c>KeyDescription</c>.</summary>
    public sealed class CredentialChange
    {
        public const string KeyDescriptionProperty = "KeyDescription";

        private CredentialChange(IReadOnlyList<CredentialDescriptor> added, IReadOnlyList<CredentialDescriptor> removed)
        {
            Added = added;
            Removed = removed;
        }

        public static readonly CredentialChange Empty =
            new(Array.Empty<CredentialDescriptor>(), Array.Empty<CredentialDescriptor>());

        public IReadOnlyList<CredentialDescriptor> Added { get; }
        public IReadOnlyList<CredentialDescriptor> Removed { get; }
        public bool IsEmpty => Added.Count == 0 && Removed.Count == 0;

        /// <summary>The set differences new − old (added) and old − new (removed), by key identifier.</summary>
        public static CredentialChange Diff(string? oldValue, string? newValue)
        {
            var before = CredentialDescriptor.ParseList(oldValue);
            var after = CredentialDescriptor.ParseList(newValue);
            return new CredentialChange(Except(after, before), Except(before, after));
        }

        /// <summary>The credential change recorded on a target resource's KeyDescription, or <see cref="Empty"/>.</summary>
        public static CredentialChange From(TargetResource? target)
        {
            var property = target?.GetModifiedProperty(KeyDescriptionProperty);
            return property is null ? Empty : Diff(property.OldValue, property.NewValue);
        }

        /// <summary>The credential change of the first target that carries a KeyDescription, or <see cref="Empty"/>.</summary>
        public static CredentialChange From(AuditEvent auditEvent)
        {
            foreach (var target in auditEvent.TargetResources)
            {
                if (target.GetModifiedProperty(KeyDescriptionProperty) != null) return From(target);
            }
            return Empty;
        }

        private static IReadOnlyList<CredentialDescriptor> Except(
            IReadOnlyList<CredentialDescriptor> source, IReadOnlyList<CredentialDescriptor> other)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var descriptor in other) seen.Add(descriptor.KeyId);
            var result = new List<CredentialDescriptor>();
            foreach (var descriptor in source)
            {
                if (seen.Add(descriptor.KeyId)) result.Add(descriptor);
            }
            return result;
        }
    }
}
