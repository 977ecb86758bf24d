using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace EntraGuard.ModuleBuild
{
    /// <summary>
    /// Reads PowerShell data files (.psd1) without PowerShell: hashtables, arrays (with or without <c>@()</c>),
    /// single- and double-quoted strings, here-strings, numbers, <c>$true</c>/<c>$false</c>/<c>$null</c>, and both
    /// comment forms. That is the whole language a module manifest may use, so the build and the contract tests read
    /// manifests the way Import-Module does, not with a regular expression.
    /// </summary>
    public static class PowerShellDataFile
    {
        /// <summary>The top-level hashtable, keys compared ignoring case as PowerShell does.</summary>
        public static IReadOnlyDictionary<string, object?> Parse(string text)
        {
            var parser = new Parser(Tokenizer.Tokenize(text));
            parser.SkipSeparators();
            var value = parser.ParseValue();
            parser.SkipSeparators();
            parser.ExpectEnd();
            return value as IReadOnlyDictionary<string, object?>
                ?? throw new FormatException("A data file must hold one hashtable (@{ ... }).");
        }

        /// <summary>
        /// The strings of an entry as a list: a single string becomes a one-item list, an array keeps its strings,
        /// an absent key gives null. Anything else is a format error naming the key.
        /// </summary>
        public static IReadOnlyList<string>? GetStrings(IReadOnlyDictionary<string, object?> data, string key)
        {
            if (!data.TryGetValue(key, out var value) || value is null)
                return null;
            if (value is string single)
                return new[] { single };
            if (value is IReadOnlyList<object?> list)
            {
                var strings = new List<string>();
                foreach (var item in list)
                {
                    strings.Add(item as string ?? throw new FormatException($"'{key}' must hold only strings."));
                }
                return strings;
            }
            throw new FormatException($"'{key}' must be a string or an array of strings.");
        }

        /// <summary>
        /// The same text with every quoted string literal passed through <paramref name="rewrite"/> (null keeps it);
        /// comments, layout and everything else stay byte for byte.
        /// </summary>
        public static string RewriteStrings(string text, Func<string, string?> rewrite)
        {
            var output = new StringBuilder(text.Length);
            var copied = 0;
            foreach (var token in Tokenizer.Tokenize(text))
            {
                if (token.Kind != TokenKind.String || token.IsHereString)
                    continue;
                var replacement = rewrite((string)token.Value!);
                if (replacement is null)
                    continue;
                output.Append(text, copied, token.Start - copied);
                output.Append(
                    token.Quote == '\''
                        ? "'" + replacement.Replace("'", "''") + "'"
                        : "\"" + EscapeDouble(replacement) + "\""
                );
                copied = token.End;
            }
            output.Append(text, copied, text.Length - copied);
            return output.ToString();
        }

        private static string EscapeDouble(string value) =>
            value.Replace("`", "``").Replace("\"", "`\"").Replace("$", "`$");

        private enum TokenKind
        {
            AtBrace,
            AtParen,
            CloseBrace,
            CloseParen,
            Equals,
            Comma,
            Separator,
            String,
            Number,
            Variable,
            Word,
            End,
        }

        private sealed class Token
        {
            public TokenKind Kind;
            public object? Value;
            public int Start;
            public int End;
            public int Line;
            public char Quote;
            public bool IsHereString;

            public override string ToString() =>
                Kind == TokenKind.End ? "end of file" : $"'{Value ?? Kind.ToString()}'";
        }

        private static class Tokenizer
        {
            public static List<Token> Tokenize(string text)
            {
                var tokens = new List<Token>();
                var i = 0;
                var line = 1;
                while (i < text.Length)
                {
                    var c = text[i];
                    var start = i;
                    if (c == '\n' || c == ';')
                    {
                        tokens.Add(
                            new Token
                            {
                                Kind = TokenKind.Separator,
                                Start = i,
                                End = i + 1,
                                Line = line,
                            }
                        );
                        if (c == '\n')
                            line++;
                        i++;
                    }
                    else if (char.IsWhiteSpace(c) || c == '\uFEFF')
                    {
                        i++;
                    }
                    else if (c == '#')
                    {
                        while (i < text.Length && text[i] != '\n')
                            i++;
                    }
                    else if (c == '<' && At(text, i, "<#"))
                    {
                        var close = text.IndexOf("#>", i + 2, StringComparison.Ordinal);
                        if (close < 0)
                            throw Error(line, "a block comment (<# ... #>) is never closed");
                        line += Count(text, i, close, '\n');
                        i = close + 2;
                    }
                    else if (c == '@' && (At(text, i, "@'") || At(text, i, "@\"")) && IsLineEnd(text, i + 2))
                    {
                        var quote = text[i + 1];
                        var bodyStart = text.IndexOf('\n', i) + 1;
                        var terminator = "\n" + quote + "@";
                        var close = text.IndexOf(terminator, bodyStart - 1, StringComparison.Ordinal);
                        if (close < 0)
                            throw Error(line, $"a here-string (@{quote} ... {quote}@) is never closed");
                        var body = text.Substring(bodyStart, Math.Max(0, close - bodyStart)).TrimEnd('\r');
                        line += Count(text, i, close + 1, '\n');
                        i = close + terminator.Length;
                        tokens.Add(
                            new Token
                            {
                                Kind = TokenKind.String,
                                Value = body,
                                Start = start,
                                End = i,
                                Line = line,
                                Quote = quote,
                                IsHereString = true,
                            }
                        );
                    }
                    else if (c == '@' && At(text, i, "@{"))
                    {
                        tokens.Add(
                            new Token
                            {
                                Kind = TokenKind.AtBrace,
                                Start = i,
                                End = i + 2,
                                Line = line,
                            }
                        );
                        i += 2;
                    }
                    else if (c == '@' && At(text, i, "@("))
                    {
                        tokens.Add(
                            new Token
                            {
                                Kind = TokenKind.AtParen,
                                Start = i,
                                End = i + 2,
                                Line = line,
                            }
                        );
                        i += 2;
                    }
                    else if (c == '}' || c == ')' || c == '=' || c == ',')
                    {
                        var kind = c switch
                        {
                            '}' => TokenKind.CloseBrace,
                            ')' => TokenKind.CloseParen,
                            '=' => TokenKind.Equals,
                            _ => TokenKind.Comma,
                        };
                        tokens.Add(
                            new Token
                            {
                                Kind = kind,
                                Start = i,
                                End = i + 1,
                                Line = line,
                            }
                        );
                        i++;
                    }
                    else if (IsSingleQuote(c))
                    {
                        var value = new StringBuilder();
                        i++;
                        while (true)
                        {
                            if (i >= text.Length)
                                throw Error(line, "a single-quoted string is never closed");
                            if (IsSingleQuote(text[i]))
                            {
                                if (i + 1 < text.Length && IsSingleQuote(text[i + 1]))
                                {
                                    value.Append('\'');
                                    i += 2;
                                    continue;
                                }
                                i++;
                                break;
                            }
                            if (text[i] == '\n')
                                line++;
                            value.Append(text[i++]);
                        }
                        tokens.Add(
                            new Token
                            {
                                Kind = TokenKind.String,
                                Value = value.ToString(),
                                Start = start,
                                End = i,
                                Line = line,
                                Quote = '\'',
                            }
                        );
                    }
                    else if (c == '"')
                    {
                        var value = new StringBuilder();
                        i++;
                        while (true)
                        {
                            if (i >= text.Length)
                                throw Error(line, "a double-quoted string is never closed");
                            var d = text[i];
                            if (d == '`' && i + 1 < text.Length)
                            {
                                value.Append(Unescape(text[i + 1]));
                                i += 2;
                                continue;
                            }
                            if (d == '"')
                            {
                                if (i + 1 < text.Length && text[i + 1] == '"')
                                {
                                    value.Append('"');
                                    i += 2;
                                    continue;
                                }
                                i++;
                                break;
                            }
                            if (
                                d == '$'
                                && i + 1 < text.Length
                                && (char.IsLetter(text[i + 1]) || text[i + 1] == '(' || text[i + 1] == '{')
                            )
                            {
                                throw Error(
                                    line,
                                    "a double-quoted string expands a variable or expression, which a data file "
                                        + "cannot do"
                                );
                            }
                            if (d == '\n')
                                line++;
                            value.Append(d);
                            i++;
                        }
                        tokens.Add(
                            new Token
                            {
                                Kind = TokenKind.String,
                                Value = value.ToString(),
                                Start = start,
                                End = i,
                                Line = line,
                                Quote = '"',
                            }
                        );
                    }
                    else if (c == '$')
                    {
                        i++;
                        while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_' || text[i] == ':'))
                            i++;
                        tokens.Add(
                            new Token
                            {
                                Kind = TokenKind.Variable,
                                Value = text.Substring(start + 1, i - start - 1),
                                Start = start,
                                End = i,
                                Line = line,
                            }
                        );
                    }
                    else if (
                        char.IsDigit(c) || ((c == '-' || c == '+') && i + 1 < text.Length && char.IsDigit(text[i + 1]))
                    )
                    {
                        i++;
                        while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '.'))
                            i++;
                        var literal = text.Substring(start, i - start);
                        object number =
                            long.TryParse(
                                literal,
                                NumberStyles.AllowLeadingSign,
                                CultureInfo.InvariantCulture,
                                out var integer
                            )
                                ? (object)integer
                            : double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)
                                ? real
                            : throw Error(line, $"'{literal}' is not a number");
                        tokens.Add(
                            new Token
                            {
                                Kind = TokenKind.Number,
                                Value = number,
                                Start = start,
                                End = i,
                                Line = line,
                            }
                        );
                    }
                    else if (char.IsLetter(c) || c == '_')
                    {
                        i++;
                        while (
                            i < text.Length
                            && (char.IsLetterOrDigit(text[i]) || text[i] == '_' || text[i] == '-' || text[i] == '.')
                        )
                            i++;
                        tokens.Add(
                            new Token
                            {
                                Kind = TokenKind.Word,
                                Value = text.Substring(start, i - start),
                                Start = start,
                                End = i,
                                Line = line,
                            }
                        );
                    }
                    else
                    {
                        throw Error(line, $"unexpected character '{c}'");
                    }
                }
                tokens.Add(
                    new Token
                    {
                        Kind = TokenKind.End,
                        Start = text.Length,
                        End = text.Length,
                        Line = line,
                    }
                );
                return tokens;
            }

            private static bool IsSingleQuote(char c) => c is '\'' or '\u2018' or '\u2019' or '\u201A' or '\u201B';

            private static bool At(string text, int index, string literal) =>
                string.CompareOrdinal(text, index, literal, 0, literal.Length) == 0;

            private static bool IsLineEnd(string text, int index)
            {
                while (index < text.Length && (text[index] == ' ' || text[index] == '\t' || text[index] == '\r'))
                    index++;
                return index >= text.Length || text[index] == '\n';
            }

            private static int Count(string text, int from, int to, char c)
            {
                var count = 0;
                for (var i = from; i < to && i < text.Length; i++)
                    if (text[i] == c)
                        count++;
                return count;
            }

            private static char Unescape(char c) =>
                c switch
                {
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    '0' => '\0',
                    _ => c,
                };
        }

        private sealed class Parser
        {
            private readonly List<Token> _tokens;
            private int _position;

            public Parser(List<Token> tokens) => _tokens = tokens;

            private Token Current => _tokens[_position];

            public void SkipSeparators()
            {
                while (Current.Kind == TokenKind.Separator)
                    _position++;
            }

            public void ExpectEnd()
            {
                if (Current.Kind != TokenKind.End)
                    throw Error(Current.Line, $"unexpected {Current} after the hashtable");
            }

            /// <summary>A value, and a comma list of values as an array (PowerShell's <c>'a', 'b'</c>).</summary>
            public object? ParseValue()
            {
                var first = ParsePrimary();
                if (Current.Kind != TokenKind.Comma)
                    return first;
                var items = new List<object?> { first };
                while (Current.Kind == TokenKind.Comma)
                {
                    _position++;
                    SkipSeparators();
                    items.Add(ParsePrimary());
                }
                return items;
            }

            private object? ParsePrimary()
            {
                var token = Current;
                switch (token.Kind)
                {
                    case TokenKind.AtBrace:
                        _position++;
                        return ParseHashtableBody();
                    case TokenKind.AtParen:
                        _position++;
                        return ParseArrayBody();
                    case TokenKind.String:
                    case TokenKind.Number:
                        _position++;
                        return token.Value;
                    case TokenKind.Variable:
                        _position++;
                        return ((string)token.Value!).ToLowerInvariant() switch
                        {
                            "true" => true,
                            "false" => false,
                            "null" => null,
                            _ => throw Error(
                                token.Line,
                                $"variable ${token.Value} is not allowed in a data file (only $true, $false, $null)"
                            ),
                        };
                    default:
                        throw Error(token.Line, $"expected a value but found {token}");
                }
            }

            private IReadOnlyDictionary<string, object?> ParseHashtableBody()
            {
                var table = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                while (true)
                {
                    SkipSeparators();
                    var token = Current;
                    if (token.Kind == TokenKind.CloseBrace)
                    {
                        _position++;
                        return table;
                    }
                    if (token.Kind is not (TokenKind.Word or TokenKind.String))
                    {
                        throw Error(token.Line, $"expected a key or '}}' but found {token}");
                    }
                    var key = (string)token.Value!;
                    _position++;
                    if (Current.Kind != TokenKind.Equals)
                        throw Error(Current.Line, $"expected '=' after key '{key}'");
                    _position++;
                    SkipSeparators();
                    if (table.ContainsKey(key))
                        throw Error(token.Line, $"key '{key}' appears twice");
                    table[key] = ParseValue();
                    if (Current.Kind is not (TokenKind.Separator or TokenKind.CloseBrace))
                    {
                        throw Error(
                            Current.Line,
                            $"expected a new line, ';' or '}}' after the value of '{key}' but found {Current}"
                        );
                    }
                }
            }

            private IReadOnlyList<object?> ParseArrayBody()
            {
                var items = new List<object?>();
                while (true)
                {
                    SkipSeparators();
                    if (Current.Kind == TokenKind.CloseParen)
                    {
                        _position++;
                        return items;
                    }
                    var value = ParseValue();
                    if (value is List<object?> list)
                        items.AddRange(list);
                    else
                        items.Add(value);
                    if (Current.Kind is not (TokenKind.Separator or TokenKind.CloseParen))
                    {
                        throw Error(Current.Line, $"expected a new line, ',' or ')' in an array but found {Current}");
                    }
                }
            }
        }

        private static FormatException Error(int line, string message) => new($"line {line}: {message}");
    }
}
