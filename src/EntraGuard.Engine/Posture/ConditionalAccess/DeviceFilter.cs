using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.ConditionalAccess
{
    /// <summary>A three-valued answer: a rule over a described device holds, fails, or needs what is not
    /// told.</summary>
    public enum FilterMatch
    {
        False = 0,
        True = 1,
        Unknown = 2,
    }

    /// <summary>
    /// A Conditional Access device filter (<c>conditions.devices.deviceFilter</c>): a rule in Entra's device-filter
    /// syntax — <c>device.property -operator value</c> joined with <c>-and</c> / <c>-or</c> and parentheses — and a
    /// mode (include: the policy applies to matching devices; exclude: to all others). Parsed once, then matched
    /// against described devices. Where the language leaves a reading open, the filter stays undecided rather than
    /// guess: a rule that mixes <c>-and</c> and <c>-or</c> without parentheses, an operator or value the language
    /// does not document, or a property the device description does not tell makes the answer Unknown.
    /// </summary>
    public sealed class DeviceFilter
    {
        private readonly Node? _rule;

        private DeviceFilter(string mode, string rule, Node? parsed, string? error)
        {
            Mode = mode;
            Rule = rule;
            _rule = parsed;
            Error = error;
        }

        /// <summary>include or exclude, as Graph spells it.</summary>
        public string Mode { get; }

        public string Rule { get; }

        /// <summary>Why the rule could not be read, or null when it was.</summary>
        public string? Error { get; }

        public bool IsExclude => string.Equals(Mode, "exclude", StringComparison.OrdinalIgnoreCase);

        public static DeviceFilter Parse(string? mode, string? rule)
        {
            var text = rule ?? "";
            var modeText = mode ?? "";
            var known = new[] { "include", "exclude" }.Any(m =>
                string.Equals(m, modeText, StringComparison.OrdinalIgnoreCase)
            );
            if (!known)
                return new DeviceFilter(modeText, text, null, $"unknown mode '{modeText}'");
            try
            {
                var parser = new Parser(Tokenizer.Split(text));
                return new DeviceFilter(modeText, text, parser.Rule(), null);
            }
            catch (FormatException e)
            {
                return new DeviceFilter(modeText, text, null, e.Message);
            }
        }

        /// <summary>Does the rule hold for the device? Unknown names what it would need told.</summary>
        public FilterMatch Matches(SignInDevice device, ISet<string> unknownProperties) =>
            _rule is null ? FilterMatch.Unknown : _rule.Match(device, unknownProperties);

        /// <summary>
        /// Does the policy take the device in: the rule's answer for include mode, its opposite for exclude mode.
        /// </summary>
        public FilterMatch Applies(SignInDevice device, ISet<string> unknownProperties)
        {
            var match = Matches(device, unknownProperties);
            return match == FilterMatch.Unknown || !IsExclude ? match
                : match == FilterMatch.True ? FilterMatch.False
                : FilterMatch.True;
        }

        public override string ToString() => $"{Mode} devices where {Rule}";

        private abstract class Node
        {
            public abstract FilterMatch Match(SignInDevice device, ISet<string> unknown);
        }

        private sealed class Junction : Node
        {
            private readonly bool _and;
            private readonly IReadOnlyList<Node> _parts;

            public Junction(bool and, IReadOnlyList<Node> parts)
            {
                _and = and;
                _parts = parts;
            }

            // Kleene logic: a decided part can settle the whole even when another is unknown.
            public override FilterMatch Match(SignInDevice device, ISet<string> unknown)
            {
                var settles = _and ? FilterMatch.False : FilterMatch.True;
                var answers = _parts.Select(p => p.Match(device, unknown)).ToArray();
                if (answers.Contains(settles))
                    return settles;
                return answers.Contains(FilterMatch.Unknown) ? FilterMatch.Unknown
                    : _and ? FilterMatch.True
                    : FilterMatch.False;
            }
        }

        private sealed class Comparison : Node
        {
            private readonly string _property;
            private readonly string _operator;
            private readonly IReadOnlyList<string?> _values;

            public Comparison(string property, string op, IReadOnlyList<string?> values)
            {
                _property = property;
                _operator = op;
                _values = values;
            }

            public override FilterMatch Match(SignInDevice device, ISet<string> unknown)
            {
                if (!device.TryGet(_property, out var actual))
                {
                    unknown.Add(_property);
                    return FilterMatch.Unknown;
                }
                var negated =
                    _operator.StartsWith("-not", StringComparison.OrdinalIgnoreCase)
                    || string.Equals(_operator, "-ne", StringComparison.OrdinalIgnoreCase);
                var holds = _values.Any(value => Positive(actual, value));
                return holds != negated ? FilterMatch.True : FilterMatch.False;
            }

            // Entra compares values without regard to case; a property with no value (an unregistered device)
            // meets no positive operator, so every negative one holds for it.
            private bool Positive(string? actual, string? value)
            {
                if (actual is null || value is null)
                    return actual is null && value is null && IsEquality;
                var ignoreCase = StringComparison.OrdinalIgnoreCase;
                return _operator.ToLowerInvariant() switch
                {
                    "-eq" or "-ne" or "-in" or "-notin" => string.Equals(actual, value, ignoreCase),
                    "-startswith" or "-notstartswith" => actual.StartsWith(value, ignoreCase),
                    "-endswith" or "-notendswith" => actual.EndsWith(value, ignoreCase),
                    _ => actual.IndexOf(value, ignoreCase) >= 0,
                };
            }

            private bool IsEquality => _operator.ToLowerInvariant() is "-eq" or "-ne" or "-in" or "-notin";
        }

        private static class Tokenizer
        {
            public static List<string> Split(string rule)
            {
                var tokens = new List<string>();
                var i = 0;
                while (i < rule.Length)
                {
                    var c = rule[i];
                    if (char.IsWhiteSpace(c))
                    {
                        i++;
                    }
                    else if (c is '(' or ')' or '[' or ']' or ',')
                    {
                        tokens.Add(c.ToString());
                        i++;
                    }
                    else if (c is '"' or '\'')
                    {
                        var end = rule.IndexOf(c, i + 1);
                        if (end < 0)
                            throw new FormatException($"unterminated text at {i}");
                        // Quoted values keep their quote so the parser can tell them from words.
                        tokens.Add(rule.Substring(i, end - i + 1));
                        i = end + 1;
                    }
                    else
                    {
                        var start = i;
                        while (
                            i < rule.Length
                            && !char.IsWhiteSpace(rule[i])
                            && rule[i] is not ('(' or ')' or '[' or ']' or ',')
                        )
                            i++;
                        tokens.Add(rule.Substring(start, i - start));
                    }
                }
                return tokens;
            }
        }

        private sealed class Parser
        {
            private static readonly string[] Operators =
            {
                "-eq",
                "-ne",
                "-startsWith",
                "-notStartsWith",
                "-endsWith",
                "-notEndsWith",
                "-contains",
                "-notContains",
                "-in",
                "-notIn",
            };

            private readonly List<string> _tokens;
            private int _at;

            public Parser(List<string> tokens) => _tokens = tokens;

            public Node Rule()
            {
                var rule = Expression();
                if (_at < _tokens.Count)
                    throw new FormatException($"unexpected '{_tokens[_at]}'");
                return rule;
            }

            private string? Peek => _at < _tokens.Count ? _tokens[_at] : null;

            private string Next() =>
                _at < _tokens.Count ? _tokens[_at++] : throw new FormatException("the rule ends too early");

            private void Expect(string token)
            {
                if (!string.Equals(Next(), token, StringComparison.Ordinal))
                    throw new FormatException($"expected '{token}'");
            }

            private Node Expression()
            {
                var parts = new List<Node> { Term() };
                string? joiner = null;
                while (Peek is { } word && (IsWord(word, "-and") || IsWord(word, "-or")))
                {
                    _at++;
                    if (joiner is not null && !IsWord(word, joiner))
                        throw new FormatException("-and and -or are mixed without parentheses");
                    joiner = word;
                    parts.Add(Term());
                }
                return parts.Count == 1 ? parts[0] : new Junction(IsWord(joiner!, "-and"), parts);
            }

            private Node Term()
            {
                if (Peek == "(")
                {
                    _at++;
                    var inner = Expression();
                    Expect(")");
                    return inner;
                }
                var property = Next();
                if (!property.StartsWith("device.", StringComparison.OrdinalIgnoreCase) || property.Length == 7)
                    throw new FormatException($"'{property}' is not a device property");
                var token = Next();
                var op =
                    Operators.FirstOrDefault(o => IsWord(token, o))
                    ?? throw new FormatException($"unknown operator '{token}'");
                var list = op.EndsWith("in", StringComparison.OrdinalIgnoreCase);
                return new Comparison(property.Substring(7), op, list ? List() : new[] { Value(Next()) });
            }

            private IReadOnlyList<string?> List()
            {
                Expect("[");
                var values = new List<string?> { Value(Next()) };
                while (Peek == ",")
                {
                    _at++;
                    values.Add(Value(Next()));
                }
                Expect("]");
                return values;
            }

            private static string? Value(string token)
            {
                if (token.Length >= 2 && token[0] is '"' or '\'')
                    return token.Substring(1, token.Length - 2);
                if (IsWord(token, "True") || IsWord(token, "False"))
                    return token;
                if (IsWord(token, "null"))
                    return null;
                throw new FormatException($"'{token}' is not a value");
            }

            private static bool IsWord(string token, string word) =>
                string.Equals(token, word, StringComparison.OrdinalIgnoreCase);
        }
    }
}
