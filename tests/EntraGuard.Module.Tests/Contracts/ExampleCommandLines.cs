using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace EntraGuard.Module.Tests.Contracts
{
    /// <summary>One command invocation found in example code: the command and the parameter names written after
    /// it.</summary>
    public sealed record Invocation(string Command, IReadOnlyList<string> Parameters);

    /// <summary>
    /// Finds the invocations of given commands in PowerShell example code and the parameters passed to each, the
    /// way the parser would group them: strings and comments are skipped, a parameter belongs to the command of its
    /// own nesting level, and a pipe, semicolon, closing bracket or line end (without a trailing pipe or backtick)
    /// ends the command.
    /// </summary>
    public static class ExampleCommandLines
    {
        private static readonly Regex Prompt = new(@"^[ \t]*PS [^>\n]*>[ \t]?", RegexOptions.Multiline);

        public static IReadOnlyList<Invocation> Find(string code, IReadOnlySet<string> commands)
        {
            // platyPS-style examples start lines with a prompt ("PS C:\> "); the command follows it.
            code = Prompt.Replace(code, "");
            var invocations = new List<Invocation>();
            // Open invocations by nesting depth; a new statement at a depth replaces the one there.
            var open = new Dictionary<int, (string Command, List<string> Parameters)>();
            var depth = 0;
            var statementStart = true;
            var i = 0;
            while (i < code.Length)
            {
                var c = code[i];
                if (c == '#')
                {
                    while (i < code.Length && code[i] != '\n')
                        i++;
                    continue;
                }
                if (c == '\'' || c == '"')
                {
                    i = SkipString(code, i);
                    statementStart = false;
                    continue;
                }
                if (c == '`' && i + 1 < code.Length && (code[i + 1] == '\n' || code[i + 1] == '\r'))
                {
                    i += 2;
                    continue; // line continuation
                }
                if (c == '\n' || c == ';' || c == '|')
                {
                    if (c != '\n' || !EndsWithPipe(code, i))
                        Close(depth);
                    statementStart = true;
                    i++;
                    continue;
                }
                if (c == '(' || c == '{' || c == '[')
                {
                    depth++;
                    statementStart = c != '[';
                    i++;
                    continue;
                }
                if (c == ')' || c == '}' || c == ']')
                {
                    Close(depth);
                    depth = Math.Max(0, depth - 1);
                    statementStart = false;
                    i++;
                    continue;
                }
                if (char.IsWhiteSpace(c))
                {
                    i++;
                    continue;
                }

                var word = ReadWord(code, ref i);
                if (statementStart && commands.Contains(word))
                {
                    Close(depth);
                    open[depth] = (word, new List<string>());
                }
                else if (
                    open.TryGetValue(depth, out var invocation)
                    && word.Length > 1
                    && word[0] == '-'
                    && char.IsLetter(word[1])
                )
                {
                    var name = word.Substring(1);
                    var colon = name.IndexOf(':');
                    invocation.Parameters.Add(colon >= 0 ? name.Substring(0, colon) : name);
                }
                statementStart = false;
            }
            foreach (var depthOpen in new List<int>(open.Keys))
                Close(depthOpen);
            return invocations;

            void Close(int level)
            {
                if (open.Remove(level, out var done))
                    invocations.Add(new Invocation(done.Command, done.Parameters));
            }
        }

        private static string ReadWord(string code, ref int i)
        {
            var word = new StringBuilder();
            while (i < code.Length && !char.IsWhiteSpace(code[i]) && "|;(){}[]'\"#".IndexOf(code[i]) < 0)
            {
                word.Append(code[i++]);
            }
            if (word.Length == 0)
                i++;
            return word.ToString();
        }

        private static int SkipString(string code, int i)
        {
            var quote = code[i++];
            while (i < code.Length)
            {
                if (quote == '"' && code[i] == '`')
                {
                    i += 2;
                    continue;
                }
                if (code[i] == quote)
                {
                    if (i + 1 < code.Length && code[i + 1] == quote)
                    {
                        i += 2;
                        continue;
                    }
                    return i + 1;
                }
                i++;
            }
            return i;
        }

        private static bool EndsWithPipe(string code, int newline)
        {
            for (var j = newline - 1; j >= 0 && code[j] != '\n'; j--)
            {
                if (char.IsWhiteSpace(code[j]))
                    continue;
                return code[j] == '|';
            }
            return false;
        }
    }
}
