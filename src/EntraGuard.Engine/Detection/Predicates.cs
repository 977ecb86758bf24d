using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using EntraGuard.Configuration;

namespace EntraGuard.Detection
{
    /// <summary>
    /// One condition on a field: <c>equals</c>, <c>in</c>, <c>contains</c>, <c>startswith</c>, <c>regex</c>,
    /// <c>cidr</c>, <c>exists</c> or <c>sameAs</c> (another field of the same event holds the field's value, e.g. the
    /// actor is the target), optionally negated with <c>not: true</c>. Text comparisons ignore case. A multi-valued
    /// field matches when any of its values does; negated, when none does.
    /// </summary>
    internal sealed class FieldPredicate
    {
        private static readonly string[] Operators =
        {
            "equals",
            "in",
            "contains",
            "startswith",
            "regex",
            "cidr",
            "exists",
        };
        private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

        private readonly IValueTest _test;

        private FieldPredicate(
            Field field,
            IValueTest test,
            bool negate,
            string op,
            IReadOnlyList<string> operands,
            PropertyChange? change = null,
            Field? other = null
        )
        {
            Field = field;
            _test = test;
            Negate = negate;
            Operator = op;
            Operands = operands;
            Change = change;
            Other = other;
        }

        /// <summary>The operator that compares two fields of one event.</summary>
        public const string SameAs = "sameAs";

        public Field Field { get; }
        public bool Negate { get; }

        /// <summary>The operator as written (equals, in, contains, startswith, regex, cidr, exists), for
        /// exporters.</summary>
        public string Operator { get; }

        /// <summary>The operator's values as written (empty for exists).</summary>
        public IReadOnlyList<string> Operands { get; }

        /// <summary>For a <c>change</c> condition (<see cref="Operator"/> <c>change</c>): the tests on the modified
        /// property's old and new values; <see cref="Field"/> is then the property's new value. Null
        /// otherwise.</summary>
        public PropertyChange? Change { get; }

        /// <summary>For <c>sameAs</c>: the field whose values the field's first value is looked for in.</summary>
        public Field? Other { get; }

        public bool Matches(AuditEvent auditEvent, ScanContext context)
        {
            if (Change != null)
                return Change.Matches(auditEvent);
            if (Other is null)
                return Field.Any(auditEvent, context, _test) != Negate;
            // Both sides must be present: a record that names no actor (or no target) says nothing about equality.
            var value = Field.First(auditEvent, context);
            return value != null
                && Other.First(auditEvent, context) != null
                && Other.Any(auditEvent, context, new EqualsTest(new[] { value })) != Negate;
        }

        /// <summary>Reads and compiles one <c>where</c> entry (a field condition, or a <c>change</c> condition on a
        /// modified property); every mistake names its field.</summary>
        public static FieldPredicate Parse(ConfigObject entry)
        {
            if (entry.Has(PropertyChange.Key))
            {
                var change = PropertyChange.Parse(entry);
                return new FieldPredicate(
                    change.Field,
                    AnyValue.Instance,
                    false,
                    PropertyChange.Key,
                    Array.Empty<string>(),
                    change
                );
            }
            var path = entry.RequiredString("field");
            var field = Fields.TryCompile(path, out var problem) ?? throw entry.Error("field", problem!);
            if (entry.Has(SameAs))
                return ParseSameAs(entry, field);
            var test = ParseTest(entry, "field", out var negate, out var op, out var operands);
            entry.RejectUnknownFields();
            return new FieldPredicate(field, test, negate, op, operands);
        }

        private static FieldPredicate ParseSameAs(ConfigObject entry, Field field)
        {
            var otherPath = entry.RequiredString(SameAs);
            var other = Fields.TryCompile(otherPath, out var problem) ?? throw entry.Error(SameAs, problem!);
            var extra = Operators.Where(entry.Has).ToList();
            if (extra.Count > 0)
                throw entry.Error(
                    "field",
                    $"has sameAs and {string.Join(", ", extra)}; use one operator per condition"
                );
            var negate = entry.Boolean("not") ?? false;
            entry.RejectUnknownFields();
            return new FieldPredicate(field, AnyValue.Instance, negate, SameAs, new[] { otherPath }, other: other);
        }

        /// <summary>
        /// The one operator of <paramref name="entry"/> (and its <c>not</c>) as a value test;
        /// <paramref name="subject"/> is the field errors about a missing or extra operator name.
        /// </summary>
        internal static IValueTest ParseTest(
            ConfigObject entry,
            string subject,
            out bool negate,
            out string op,
            out IReadOnlyList<string> operands
        )
        {
            negate = entry.Boolean("not") ?? false;
            var present = Operators.Where(entry.Has).ToList();
            if (present.Count != 1)
            {
                throw entry.Error(
                    subject,
                    present.Count == 0
                        ? $"needs one operator: {string.Join(", ", Operators)}"
                        : $"has {present.Count} operators ({string.Join(", ", present)}); use one per condition"
                );
            }
            op = present[0];
            operands = op switch
            {
                "exists" => Array.Empty<string>(),
                "regex" => new[] { entry.RequiredString(op) },
                _ => entry.Strings(op, required: true),
            };
            var name = op;
            return op switch
            {
                "equals" or "in" => new EqualsTest(entry.Strings(op, required: true)),
                "contains" => new ContainsTest(entry.Strings(op, required: true)),
                "startswith" => new StartsWithTest(entry.Strings(op, required: true)),
                "regex" => new RegexTest(CompileRegex(entry, op)),
                "cidr" => new CidrTest(
                    entry
                        .Strings(op, required: true)
                        .Select(text =>
                            IpNetwork.TryParse(text, out var network)
                                ? network
                                : throw entry.Error(name, $"'{text}' is not an IP address or CIDR range")
                        )
                        .ToArray()
                ),
                _ => ExistsTest(entry, op, ref negate),
            };
        }

        private static IValueTest ExistsTest(ConfigObject entry, string op, ref bool negate)
        {
            if (entry.Boolean(op) == false)
                negate = !negate;
            return AnyValue.Instance;
        }

        private static Regex CompileRegex(ConfigObject entry, string op)
        {
            var pattern = entry.RequiredString(op);
            try
            {
                return new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, RegexTimeout);
            }
            catch (ArgumentException ex)
            {
                throw entry.Error(op, $"'{pattern}' is not a valid regular expression: {ex.Message}");
            }
        }

        internal sealed class AnyValue : IValueTest
        {
            public static readonly AnyValue Instance = new();

            public bool Test(string value) => true;
        }

        private sealed class EqualsTest : IValueTest
        {
            private readonly HashSet<string> _values;

            public EqualsTest(IEnumerable<string> values) =>
                _values = new HashSet<string>(values, StringComparer.OrdinalIgnoreCase);

            public bool Test(string value) => _values.Contains(value);
        }

        private sealed class ContainsTest : IValueTest
        {
            private readonly string[] _parts;

            public ContainsTest(IEnumerable<string> parts) => _parts = parts.ToArray();

            public bool Test(string value)
            {
                foreach (var part in _parts)
                {
                    if (value.IndexOf(part, StringComparison.OrdinalIgnoreCase) >= 0)
                        return true;
                }
                return false;
            }
        }

        private sealed class StartsWithTest : IValueTest
        {
            private readonly string[] _prefixes;

            public StartsWithTest(IEnumerable<string> prefixes) => _prefixes = prefixes.ToArray();

            public bool Test(string value)
            {
                foreach (var prefix in _prefixes)
                {
                    if (value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                        return true;
                }
                return false;
            }
        }

        private sealed class RegexTest : IValueTest
        {
            private readonly Regex _regex;

            public RegexTest(Regex regex) => _regex = regex;

            public bool Test(string value) => _regex.IsMatch(value);
        }

        private sealed class CidrTest : IValueTest
        {
            private readonly IpNetwork[] _networks;

            public CidrTest(IpNetwork[] networks) => _networks = networks;

            public bool Test(string value)
            {
                if (!IPAddress.TryParse(value.Trim(), out var address))
                    return false;
                foreach (var network in _networks)
                {
                    if (network.Contains(address))
                        return true;
                }
                return false;
            }
        }
    }

    /// <summary>An IPv4 or IPv6 range in CIDR notation (a bare address is a range of one).</summary>
    internal readonly struct IpNetwork
    {
        private readonly byte[] _prefix;
        private readonly int _bits;

        private IpNetwork(byte[] prefix, int bits)
        {
            _prefix = prefix;
            _bits = bits;
        }

        public static bool TryParse(string text, out IpNetwork network)
        {
            network = default;
            var slash = text.IndexOf('/');
            var addressText = slash < 0 ? text.Trim() : text.Substring(0, slash).Trim();
            if (!IPAddress.TryParse(addressText, out var address))
                return false;
            address = Canonical(address);
            var bytes = address.GetAddressBytes();
            var bits = bytes.Length * 8;
            if (
                slash >= 0
                && (
                    !int.TryParse(
                        text.Substring(slash + 1).Trim(),
                        NumberStyles.None,
                        CultureInfo.InvariantCulture,
                        out bits
                    )
                    || bits > bytes.Length * 8
                )
            )
            {
                return false;
            }
            network = new IpNetwork(bytes, bits);
            return true;
        }

        public bool Contains(IPAddress address)
        {
            var bytes = Canonical(address).GetAddressBytes();
            if (bytes.Length != _prefix.Length)
                return false;
            var whole = _bits / 8;
            for (var i = 0; i < whole; i++)
            {
                if (bytes[i] != _prefix[i])
                    return false;
            }
            var rest = _bits % 8;
            if (rest == 0)
                return true;
            var mask = (byte)(0xFF << (8 - rest));
            return (bytes[whole] & mask) == (_prefix[whole] & mask);
        }

        // An IPv4 address written as IPv6 (::ffff:a.b.c.d, common in diagnostic records) is the IPv4 address.
        private static IPAddress Canonical(IPAddress address) =>
            address.AddressFamily == AddressFamily.InterNetworkV6 && address.IsIPv4MappedToIPv6
                ? address.MapToIPv4()
                : address;
    }
}
