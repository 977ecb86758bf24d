using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using EntraGuard.Detection;
using EntraGuard.Export;

namespace EntraGuard.Tests.Export
{
    /// <summary>
    /// Every Elastic export's query parses by the published grammar of its language: EQL (Elasticsearch's EQL syntax
    /// reference: event queries, sequences, field names whose segments are identifiers or backtick-quoted, no segment
    /// starting with a digit) and Kibana KQL (field : value, lists in parentheses, wildcards, not/and/or). A query
    /// either language rejects could never alert, as EG0013's sequence once could not.
    /// </summary>
    public class ElasticQueryGrammarTests
    {
        public static IEnumerable<object[]> Queries()
        {
            var rules = ExportFixtures.Catalog.Concat(RuleCatalog.Parse(ExportFixtures.UserRulesYaml, "user.yaml"));
            foreach (var export in RuleExporter.Export(rules, ExportFormat.ElasticRule, ExportFixtures.Options()))
            {
                if (!export.Exportable)
                    continue;
                foreach (var line in export.Content!.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    using var rule = JsonDocument.Parse(line);
                    var root = rule.RootElement;
                    yield return new object[]
                    {
                        export.RuleId,
                        root.GetProperty("language").GetString()!,
                        root.GetProperty("query").GetString()!,
                    };
                }
            }
        }

        [Theory]
        [MemberData(nameof(Queries))]
        public void Each_exported_query_parses_by_its_languages_grammar(string ruleId, string language, string query)
        {
            var problem = language switch
            {
                "eql" => new EqlParser(query).Problem(),
                "kuery" => new KueryParser(query).Problem(),
                _ => $"unknown query language '{language}'",
            };
            Assert.True(problem is null, $"{ruleId} ({language}): {problem}\n{query}");
        }

        [Theory]
        [InlineData("any where azure.auditlogs.properties.target_resources.0.id == \"x\"", "digit")]
        [InlineData("sequence by a.b with maxspan=1h [any where a : \"x\"]", "two")]
        [InlineData("any where a : (\"x\", \"y\"", "')'")]
        [InlineData("any where a == \"x\" and", "expected a value")]
        public void The_eql_check_rejects_what_elasticsearch_rejects(string query, string expected)
        {
            var problem = new EqlParser(query).Problem();
            Assert.NotNull(problem);
            Assert.Contains(expected, problem);
        }

        [Theory]
        [InlineData("a.b : (\"x\" or \"y\"", "')'")]
        [InlineData("a.b : \"x\" and", "expected a field")]
        [InlineData("a.b \"x\"", "':'")]
        public void The_kuery_check_rejects_what_kibana_rejects(string query, string expected)
        {
            var problem = new KueryParser(query).Problem();
            Assert.NotNull(problem);
            Assert.Contains(expected, problem);
        }

        [Fact]
        public void The_checks_accept_elastics_own_forms()
        {
            Assert.Null(
                new EqlParser(
                    "sequence by azure.auditlogs.properties.target_resources.`0`.id with maxspan=5m "
                        + "[any where event.dataset == \"azure.auditlogs\" and not a.b : (\"x\", \"y*\")] "
                        + "[any where a.b != null and c == 3]"
                ).Problem()
            );
            Assert.Null(
                new KueryParser(
                    "event.dataset : \"x\" and (a.b : (\"x\" or \"y\") or not c.d : *) and e : x*y"
                ).Problem()
            );
        }

        /// <summary>A tokenizer both languages share: strings, words, numbers and punctuation.</summary>
        private abstract class Parser
        {
            private readonly List<(string Kind, string Text, int At)> _tokens = new();
            private int _next;
            private string? _problem;

            protected Parser(string query)
            {
                try
                {
                    Tokenize(query);
                }
                catch (FormatException ex)
                {
                    _problem = ex.Message;
                }
            }

            public string? Problem()
            {
                if (_problem != null)
                    return _problem;
                try
                {
                    ParseQuery();
                    if (_next < _tokens.Count)
                        Fail($"unexpected '{Peek.Text}' after the query");
                    return null;
                }
                catch (FormatException ex)
                {
                    return ex.Message;
                }
            }

            protected abstract void ParseQuery();

            protected (string Kind, string Text, int At) Peek =>
                _next < _tokens.Count ? _tokens[_next] : ("end", "<end>", -1);

            protected bool At(string text) =>
                _next < _tokens.Count
                && _tokens[_next].Kind != "string"
                && string.Equals(_tokens[_next].Text, text, StringComparison.Ordinal);

            protected bool Accept(string text)
            {
                if (!At(text))
                    return false;
                _next++;
                return true;
            }

            protected void Expect(string text)
            {
                if (!Accept(text))
                    Fail($"expected '{text}', found '{Peek.Text}'");
            }

            protected (string Kind, string Text, int At) Take()
            {
                var token = Peek;
                if (_next < _tokens.Count)
                    _next++;
                return token;
            }

            protected static void Fail(string message) => throw new FormatException(message);

            protected abstract bool IsWordChar(char c);

            /// <summary>Whether a backslash inside a word escapes the next character (Kibana KQL values).</summary>
            protected virtual bool EscapesInWords => true;

            private void Tokenize(string query)
            {
                var i = 0;
                while (i < query.Length)
                {
                    var c = query[i];
                    if (char.IsWhiteSpace(c))
                    {
                        i++;
                        continue;
                    }
                    var start = i;
                    if (c == '"')
                    {
                        i++;
                        while (i < query.Length && query[i] != '"')
                            i += query[i] == '\\' ? 2 : 1;
                        if (i >= query.Length)
                            Fail($"a string opened at {start} never closes");
                        i++;
                        _tokens.Add(("string", query.Substring(start, i - start), start));
                    }
                    else if (c == '`')
                    {
                        var end = query.IndexOf('`', i + 1);
                        if (end < 0)
                            Fail($"a backtick opened at {start} never closes");
                        i = end + 1;
                        _tokens.Add(("quoted", query.Substring(start, i - start), start));
                    }
                    else if (IsWordChar(c) || (EscapesInWords && c == '\\'))
                    {
                        while (i < query.Length && (IsWordChar(query[i]) || (EscapesInWords && query[i] == '\\')))
                            i += query[i] == '\\' ? 2 : 1;
                        i = Math.Min(i, query.Length);
                        _tokens.Add(("word", query.Substring(start, i - start), start));
                    }
                    else
                    {
                        var two = i + 1 < query.Length ? query.Substring(i, 2) : "";
                        var symbol = two is "==" or "!=" or "<=" or ">=" ? two : c.ToString();
                        i += symbol.Length;
                        _tokens.Add(("symbol", symbol, start));
                    }
                }
            }
        }

        /// <summary>The EQL that the exports use: event queries and sequences over boolean expressions.</summary>
        private sealed class EqlParser : Parser
        {
            private static readonly HashSet<string> Comparisons = new() { "==", "!=", "<", "<=", ">", ">=", ":" };

            public EqlParser(string query)
                : base(query) { }

            // Dots are punctuation in EQL: a field is identifiers (or backtick-quoted names) joined by dots.
            protected override bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '@';

            protected override bool EscapesInWords => false;

            protected override void ParseQuery()
            {
                if (!Accept("sequence"))
                {
                    EventQuery();
                    return;
                }
                if (Accept("by"))
                    FieldList();
                if (Accept("with"))
                {
                    Expect("maxspan");
                    Expect("=");
                    var span = Take();
                    if (
                        span.Kind != "word"
                        || !System.Text.RegularExpressions.Regex.IsMatch(span.Text, @"^\d+(ms|s|m|h|d)$")
                    )
                    {
                        Fail($"'{span.Text}' is not a time span such as 5m");
                    }
                }
                var steps = 0;
                while (Accept("["))
                {
                    EventQuery();
                    Expect("]");
                    if (Accept("by"))
                        FieldList();
                    steps++;
                }
                if (steps < 2)
                    Fail($"a sequence needs at least two [event] steps, found {steps}");
            }

            private void EventQuery()
            {
                var category = Take();
                if (category.Kind is not ("word" or "string"))
                    Fail($"expected an event category, found '{category.Text}'");
                Expect("where");
                Expression();
            }

            private void FieldList()
            {
                Field();
                while (Accept(","))
                    Field();
            }

            private void Field()
            {
                Segment();
                while (Accept("."))
                    Segment();
            }

            private void Segment()
            {
                var token = Take();
                if (token.Kind == "quoted")
                    return;
                if (token.Kind != "word")
                    Fail($"expected a field name, found '{token.Text}'");
                if (char.IsDigit(token.Text[0]))
                    Fail($"the field segment '{token.Text}' starts with a digit; EQL needs it in backticks");
            }

            private void Expression()
            {
                Conjunction();
                while (Accept("or"))
                    Conjunction();
            }

            private void Conjunction()
            {
                Negation();
                while (Accept("and"))
                    Negation();
            }

            private void Negation()
            {
                if (Accept("not"))
                {
                    Negation();
                    return;
                }
                Comparison();
            }

            private void Comparison()
            {
                Value();
                if (Comparisons.Contains(Peek.Text) && Peek.Kind == "symbol")
                {
                    var op = Take().Text;
                    if (op == ":" && At("("))
                        List();
                    else
                        Value();
                }
                else if (Accept("in") || Accept("in~"))
                    List();
            }

            private void List()
            {
                Expect("(");
                Value();
                while (Accept(","))
                    Value();
                Expect(")");
            }

            private void Value()
            {
                var token = Peek;
                if (Accept("("))
                {
                    Expression();
                    Expect(")");
                }
                else if (token.Kind == "string")
                    Take();
                else if (
                    token.Kind == "word"
                    && (char.IsDigit(token.Text[0]) || token.Text is "null" or "true" or "false")
                )
                    Take();
                else if (token.Kind is "word" or "quoted")
                    Field();
                else
                    Fail($"expected a value, found '{token.Text}'");
            }
        }

        /// <summary>Kibana's query language: field : value, lists in parentheses, not/and/or, wildcards.</summary>
        private sealed class KueryParser : Parser
        {
            public KueryParser(string query)
                : base(query) { }

            // An unquoted value is anything but white space and the special characters (a backslash escapes them).
            protected override bool IsWordChar(char c) => !char.IsWhiteSpace(c) && "\\():<>\"{}".IndexOf(c) < 0;

            protected override void ParseQuery() => Or();

            private void Or()
            {
                And();
                while (Accept("or"))
                    And();
            }

            private void And()
            {
                Not();
                while (Accept("and"))
                    Not();
            }

            private void Not()
            {
                if (Accept("not"))
                {
                    Not();
                    return;
                }
                if (Accept("("))
                {
                    Or();
                    Expect(")");
                    return;
                }
                var field = Take();
                if (field.Kind != "word")
                    Fail($"expected a field, found '{field.Text}'");
                Expect(":");
                if (Accept("("))
                {
                    Term();
                    while (Accept("or"))
                        Term();
                    Expect(")");
                }
                else
                    Term();
            }

            private void Term()
            {
                var token = Take();
                if (token.Kind is not ("string" or "word"))
                    Fail($"expected a value, found '{token.Text}'");
            }
        }
    }
}
