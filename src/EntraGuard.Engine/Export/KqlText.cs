using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace EntraGuard.Export
{
    /// <summary>Kusto literals and the few expressions every exported query shares.</summary>
    internal static class KqlText
    {
        /// <summary>A double-quoted Kusto string literal (also a valid double-quoted YAML scalar).</summary>
        public static string String(string value)
        {
            var builder = new StringBuilder(value.Length + 2).Append('"');
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"':
                        builder.Append("\\\"");
                        break;
                    case '\\':
                        builder.Append("\\\\");
                        break;
                    case '\n':
                        builder.Append("\\n");
                        break;
                    case '\r':
                        builder.Append("\\r");
                        break;
                    case '\t':
                        builder.Append("\\t");
                        break;
                    default:
                        builder.Append(c);
                        break;
                }
            }
            return builder.Append('"').ToString();
        }

        /// <summary>A verbatim literal (<c>@"…"</c>), for regular expressions.</summary>
        public static string Verbatim(string value) => "@\"" + value.Replace("\"", "\"\"") + "\"";

        public static string List(IEnumerable<string> values) => "(" + string.Join(", ", values.Select(String)) + ")";

        // Constructs .NET accepts and RE2 (Kusto's regex engine) rejects or reads differently.
        private static readonly Regex Re2Incompatible = new(
            @"\(\?(=|!|<=|<!|>|\()|\\k<|\\[1-9]",
            RegexOptions.CultureInvariant
        );

        /// <summary>The engine's case-insensitive, unanchored regex as an RE2 pattern.</summary>
        public static string Regex(string pattern)
        {
            if (Re2Incompatible.IsMatch(pattern))
            {
                throw new NotExportableException(
                    $"the regular expression '{pattern}' uses lookaround, atomic groups or backreferences, which "
                        + $"RE2 (Kusto) lacks"
                );
            }
            return Verbatim("(?i)" + pattern);
        }

        /// <summary>The test of a CIDR predicate on a string column; an IPv4 address written as IPv6 counts as IPv4, as
        /// in the engine.</summary>
        public static string Cidr(string column, IEnumerable<string> networks)
        {
            var tests = new List<string>();
            foreach (var text in networks)
            {
                var slash = text.IndexOf('/');
                var address = IPAddress.Parse((slash < 0 ? text : text.Substring(0, slash)).Trim());
                if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.IsIPv4MappedToIPv6)
                    address = address.MapToIPv4();
                var bits =
                    slash < 0
                        ? (address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128)
                        : int.Parse(
                            text.Substring(slash + 1).Trim(),
                            System.Globalization.CultureInfo.InvariantCulture
                        );
                var range = address + "/" + bits;
                tests.Add(
                    address.AddressFamily == AddressFamily.InterNetwork
                        ? $"ipv4_is_in_range(replace_regex({column}, @\"^::ffff:\", \"\"), {String(range)}) == true"
                        : $"(not({column} matches regex @\"^(::ffff:)?[0-9.]+$\") and ipv6_is_match({column}, "
                            + $"{String(range)}) == true)"
                );
            }
            return "(" + string.Join(" or ", tests) + ")";
        }
    }
}
