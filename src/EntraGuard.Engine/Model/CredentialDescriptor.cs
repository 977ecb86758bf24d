using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

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

        public override string ToString() =>
            $"{KeyType ?? "key"} {KeyId}" + (DisplayName is null ? "" : $" ({DisplayName})");

        private static readonly string[] Keys = { "KeyIdentifier", "KeyType", "KeyUsage", "DisplayName" };

        // The values Entra writes for KeyType and KeyUsage, shared instead of copied out of every entry.
        private static readonly string[] KnownValues = { PasswordType, CertificateType, "Symmetric", "Verify", "Sign" };

        /// <summary>Parses one <c>[KeyIdentifier=…,…]</c> entry; null when it names no key identifier.</summary>
        public static CredentialDescriptor? ParseEntry(string? entry) =>
            entry is null ? null : ParseEntry(entry.AsSpan());

        // Credential events list every key of the object, before and after: parsing works on the text in place and
        // makes strings only of the values it returns.
        private static CredentialDescriptor? ParseEntry(ReadOnlySpan<char> text)
        {
            text = text.Trim();
            if (text.Length >= 2 && text[0] == '[' && text[text.Length - 1] == ']')
                text = text.Slice(1, text.Length - 2);

            // A value runs to the next ",<known key>=": a certificate's display name ("CN=relay, O=Fabrikam") has
            // commas and equals signs of its own, so only the keys Entra writes split fields.
            string? keyId = null,
                keyType = null,
                keyUsage = null,
                displayName = null;
            var position = 0;
            while (position < text.Length)
            {
                var key = KeyAt(text, position);
                if (key < 0)
                    return null; // not the KeyDescription shape
                var valueStart = position + Keys[key].Length + 1;
                var next = NextField(text, valueStart, out var nextPosition);
                var value = text.Slice(valueStart, next - valueStart).Trim();
                switch (key)
                {
                    case 0:
                        keyId = value.ToString();
                        break;
                    case 1:
                        keyType = Known(value);
                        break;
                    case 2:
                        keyUsage = Known(value);
                        break;
                    case 3:
                        displayName = value.Length == 0 ? null : value.ToString();
                        break;
                }
                position = nextPosition;
            }
            return string.IsNullOrEmpty(keyId)
                ? null
                : new CredentialDescriptor(keyId!, keyType, keyUsage, displayName);
        }

        private static string Known(ReadOnlySpan<char> value)
        {
            foreach (var known in KnownValues)
            {
                if (value.SequenceEqual(known.AsSpan()))
                    return known;
            }
            return value.ToString();
        }

        /// <summary>Which known key (followed by '=') starts at <paramref name="position"/>, or -1.</summary>
        private static int KeyAt(ReadOnlySpan<char> text, int position)
        {
            for (var pass = 0; pass < 2; pass++)
            {
                // Exact casing first, as Entra writes it; any casing only when that finds none.
                var comparison = pass == 0 ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
                for (var k = 0; k < Keys.Length; k++)
                {
                    var key = Keys[k];
                    if (
                        position + key.Length < text.Length
                        && text[position + key.Length] == '='
                        && text.Slice(position, key.Length).Equals(key.AsSpan(), comparison)
                    )
                        return k;
                }
            }
            return -1;
        }

        /// <summary>The end of the value starting at <paramref name="from"/>, and where the next key starts.</summary>
        private static int NextField(ReadOnlySpan<char> text, int from, out int nextKey)
        {
            for (var comma = IndexOf(text, ',', from); comma >= 0; comma = IndexOf(text, ',', comma + 1))
            {
                var candidate = comma + 1;
                while (candidate < text.Length && text[candidate] == ' ')
                    candidate++;
                if (KeyAt(text, candidate) >= 0)
                {
                    nextKey = candidate;
                    return comma;
                }
            }
            nextKey = text.Length;
            return text.Length;
        }

        private static int IndexOf(ReadOnlySpan<char> text, char value, int from)
        {
            var found = text.Slice(from).IndexOf(value);
            return found < 0 ? -1 : from + found;
        }

        /// <summary>
        /// Parses a whole <c>KeyDescription</c> value: a JSON array of entry strings (as Graph sends it), or the
        /// entries as plain text when the value is not JSON.
        /// </summary>
        public static IReadOnlyList<CredentialDescriptor> ParseList(string? value)
        {
            var result = new List<CredentialDescriptor>();
            if (string.IsNullOrWhiteSpace(value))
                return result;
            if (TryParseJsonEntries(value!, result))
                return result;

            result.Clear();
            foreach (var entry in BracketGroups(value!))
                AddEntry(result, entry.AsSpan());
            return result;
        }

        private static void AddEntry(List<CredentialDescriptor> result, ReadOnlySpan<char> entry)
        {
            var descriptor = ParseEntry(entry);
            if (descriptor != null)
                result.Add(descriptor);
        }

        /// <summary>
        /// Parses the entries of a JSON array of strings into <paramref name="result"/>; false when the value is not
        /// one. An entry without escapes (the usual case) is parsed where it stands; one with escapes is decoded first.
        /// </summary>
        private static bool TryParseJsonEntries(string value, List<CredentialDescriptor> result)
        {
            var i = SkipSpaces(value, 0);
            if (i >= value.Length || value[i] != '[')
                return false;
            i = SkipSpaces(value, i + 1);
            if (i < value.Length && value[i] == ']')
                return SkipSpaces(value, i + 1) == value.Length;
            StringBuilder? decoded = null;
            while (i < value.Length && value[i] == '"')
            {
                var start = i + 1;
                var escaped = false;
                for (i = start; i < value.Length && value[i] != '"'; i++)
                {
                    if (value[i] != '\\')
                        continue;
                    escaped = true;
                    i++; // the escaped character never ends the string
                }
                if (i >= value.Length)
                    return false;
                if (!escaped)
                    AddEntry(result, value.AsSpan(start, i - start));
                else if (Unescape(value, start, i, decoded ??= new StringBuilder()))
                    AddEntry(result, decoded.ToString().AsSpan());
                else
                    return false;
                i = SkipSpaces(value, i + 1);
                if (i < value.Length && value[i] == ',')
                    i = SkipSpaces(value, i + 1);
                else if (i < value.Length && value[i] == ']')
                    return SkipSpaces(value, i + 1) == value.Length;
                else
                    return false;
            }
            return false;
        }

        /// <summary>Decodes the JSON string escapes of <c>value[start..end)</c> into <paramref name="text"/>; false
        /// when one is malformed.</summary>
        private static bool Unescape(string value, int start, int end, StringBuilder text)
        {
            text.Clear();
            for (var i = start; i < end; i++)
            {
                if (value[i] != '\\')
                {
                    text.Append(value[i]);
                    continue;
                }
                if (++i >= end)
                    return false;
                switch (value[i])
                {
                    case 'n':
                        text.Append('\n');
                        break;
                    case 't':
                        text.Append('\t');
                        break;
                    case 'r':
                        text.Append('\r');
                        break;
                    case 'b':
                        text.Append('\b');
                        break;
                    case 'f':
                        text.Append('\f');
                        break;
                    case 'u':
                        if (
                            i + 4 >= end
                            || !int.TryParse(
                                value.Substring(i + 1, 4),
                                NumberStyles.HexNumber,
                                CultureInfo.InvariantCulture,
                                out var code
                            )
                        )
                            return false;
                        text.Append((char)code);
                        i += 4;
                        break;
                    default:
                        text.Append(value[i]);
                        break; // \" \\ \/
                }
            }
            return true;
        }

        /// <summary>Plain text: one or more "[…]" groups, possibly comma separated.</summary>
        private static List<string> BracketGroups(string value)
        {
            var trimmed = value.Trim();
            var groups = new List<string>();
            var depth = 0;
            var start = -1;
            for (var i = 0; i < trimmed.Length; i++)
            {
                if (trimmed[i] == '[')
                {
                    if (depth++ == 0)
                        start = i;
                }
                else if (trimmed[i] == ']' && depth > 0 && --depth == 0)
                {
                    groups.Add(trimmed.Substring(start, i - start + 1));
                }
            }
            if (groups.Count == 0)
                groups.Add(trimmed);
            return groups;
        }

        private static int SkipSpaces(string text, int i)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
                i++;
            return i;
        }
    }

    /// <summary>What an audited credential change added and removed, from the old and new
    /// <c>KeyDescription</c>.</summary>
    public sealed class CredentialChange
    {
        public const string KeyDescriptionProperty = "KeyDescription";

        private CredentialChange(IReadOnlyList<CredentialDescriptor> added, IReadOnlyList<CredentialDescriptor> removed)
        {
            Added = added;
            Removed = removed;
        }

        public static readonly CredentialChange Empty = new(
            Array.Empty<CredentialDescriptor>(),
            Array.Empty<CredentialDescriptor>()
        );

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

        /// <summary>The credential change recorded on a target resource's KeyDescription, or <see
        /// cref="Empty"/>.</summary>
        public static CredentialChange From(TargetResource? target)
        {
            var property = target?.GetModifiedProperty(KeyDescriptionProperty);
            return property is null ? Empty : Diff(property.OldValue, property.NewValue);
        }

        /// <summary>The credential change of the first target that carries a KeyDescription, or <see
        /// cref="Empty"/>.</summary>
        public static CredentialChange From(AuditEvent auditEvent)
        {
            var targets = auditEvent.TargetResources;
            for (var i = 0; i < targets.Count; i++)
            {
                if (targets[i].GetModifiedProperty(KeyDescriptionProperty) != null)
                    return From(targets[i]);
            }
            return Empty;
        }

        private static IReadOnlyList<CredentialDescriptor> Except(
            IReadOnlyList<CredentialDescriptor> source,
            IReadOnlyList<CredentialDescriptor> other
        )
        {
            // An object holds a handful of credentials: comparing each with each costs less than hashing them into
            // sets (two per change, and every key credential event of a scan has one).
            List<CredentialDescriptor>? result = null;
            for (var i = 0; i < source.Count; i++)
            {
                var keyId = source[i].KeyId;
                if (!Holds(other, keyId) && (result is null || !Holds(result, keyId)))
                    (result ??= new List<CredentialDescriptor>()).Add(source[i]);
            }
            return result ?? (IReadOnlyList<CredentialDescriptor>)Array.Empty<CredentialDescriptor>();
        }

        private static bool Holds(IReadOnlyList<CredentialDescriptor> list, string keyId)
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (string.Equals(list[i].KeyId, keyId, StringComparison.OrdinalIgnoreCase))
                    return true;
            }
            return false;
        }
    }
}
