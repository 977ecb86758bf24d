using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.IO;
using System.Linq;
using EntraGuard.Ingest;

namespace EntraGuard.Cli
{
    /// <summary>
    /// Exit codes and error reporting shared by every command: one line on stderr, never a stack trace. Messages may
    /// carry input (arguments, file names, a server's words), so each is escaped to stay one line.
    /// </summary>
    public static class CliRunner
    {
        public const int Success = 0;
        public const int FindingsAtOrAboveThreshold = 1;
        public const int BadInputOrUsage = 2;
        public const int Failure = 3;

        public static int Invoke(RootCommand root, string[] args, TextWriter output, TextWriter error)
        {
            var parse = root.Parse(args);
            if (UnknownOption(parse) is { } unknown)
            {
                error.WriteLine($"entraguard: {unknown}");
                return BadInputOrUsage;
            }
            if (parse.Errors.Count > 0)
            {
                foreach (var parseError in parse.Errors)
                {
                    error.WriteLine($"entraguard: {OneLine(Describe(parseError))}");
                }
                return BadInputOrUsage;
            }
            try
            {
                return parse.Invoke(
                    new InvocationConfiguration
                    {
                        Output = output,
                        Error = error,
                        EnableDefaultExceptionHandler = false,
                    }
                );
            }
            catch (Exception ex) when (IsBadInput(ex))
            {
                error.WriteLine($"entraguard: {OneLine(ErrorText.Plain(ex))}");
                return BadInputOrUsage;
            }
            catch (EntraGuard.Collection.CollectionInterruptedException ex)
            {
                var hint = ex.ResumeHint("--since", "--until", "--resume-from");
                error.WriteLine($"entraguard: {OneLine(ex.Message)} {hint}");
                return Failure;
            }
            catch (Exception ex)
                when (ex is EntraGuard.Collection.GraphRequestException or EntraGuard.Response.JournalLockedException)
            {
                error.WriteLine($"entraguard: {OneLine(ex.Message)}");
                return Failure;
            }
            catch (OperationCanceledException)
            {
                error.WriteLine("entraguard: cancelled");
                return Failure;
            }
            catch (Exception ex)
            {
                error.WriteLine($"entraguard: {ex.GetType().Name}: {OneLine(ErrorText.Plain(ex))}");
                return Failure;
            }
        }

        /// <summary>
        /// A value an enum option cannot take, said with the values it can (System.CommandLine names the .NET type).
        /// </summary>
        private static string Describe(ParseError parseError)
        {
            if (parseError.SymbolResult is not OptionResult { Option: var option } result)
                return parseError.Message;
            var type = option.ValueType.IsArray ? option.ValueType.GetElementType()! : option.ValueType;
            type = Nullable.GetUnderlyingType(type) ?? type;
            // Options with their own parser (--fail-on) already say their values.
            var ownMessage = parseError.Message.StartsWith(option.Name, StringComparison.Ordinal);
            if (!type.IsEnum || ownMessage)
                return parseError.Message;
            var bad = result
                .Tokens.Select(t => t.Value)
                .FirstOrDefault(v => !Enum.TryParse(type, v, ignoreCase: true, out _));
            return bad is null
                ? parseError.Message
                : $"{option.Name}: {InputText.Quote(bad)} is not one of {string.Join(", ", Enum.GetNames(type))}";
        }

        /// <summary>
        /// Limits a string option to <paramref name="values"/>, saying them in one line when another is given
        /// (AcceptOnlyFromAmong's message spans lines, one tabbed value each).
        /// </summary>
        public static void AcceptOnly(this Option<string> option, params string[] values)
        {
            option.CompletionSources.Add(values);
            option.Validators.Add(result =>
            {
                var value = result.GetValueOrDefault<string>();
                if (value != null && !values.Contains(value, StringComparer.Ordinal))
                {
                    result.AddError(
                        $"{option.Name}: {InputText.Quote(value)} is not one of {string.Join(", ", values)}"
                    );
                }
            });
        }

        /// <summary>
        /// A word that looks like an option the command does not have (--formt), with the nearest real one. Without
        /// this check a command that takes paths would read it as a file name and fail with "cannot find '--formt'".
        /// Words after <c>--</c> are arguments, so a file really named like an option can still be given.
        /// </summary>
        private static string? UnknownOption(ParseResult parse)
        {
            var known = parse
                .CommandResult.Command.Options.Concat(parse.RootCommandResult.Command.Options.Where(o => o.Recursive))
                .SelectMany(o => o.Aliases.Prepend(o.Name))
                .ToList();
            foreach (var token in parse.Tokens)
            {
                if (token.Type == TokenType.DoubleDash)
                    break;
                if (token.Type != TokenType.Argument || !LooksLikeOption(token.Value))
                    continue;
                if (known.Contains(token.Value, StringComparer.Ordinal))
                    continue;
                var name = token.Value.Split('=', ':')[0];
                var guess = Spelling.Suggest(name, known.Where(k => k.StartsWith("--", StringComparison.Ordinal)));
                return $"unknown option {InputText.Quote(name)}; "
                    + (guess is null ? $"see {CommandPath(parse.CommandResult)} --help" : $"did you mean '{guess}'?");
            }
            return null;
        }

        // "entraguard respond revoke-credential": the words that name the command. The root's own name is the
        // process's (testhost in tests), so it is spelled out.
        private static string CommandPath(SymbolResult? result)
        {
            var names = new List<string>();
            for (; result?.Parent != null; result = result.Parent)
            {
                if (result is CommandResult command)
                    names.Insert(0, command.Command.Name);
            }
            return "entraguard " + string.Join(" ", names);
        }

        // "-" alone is stdin and "-5" a number; "-x" and "--word" are meant as options.
        private static bool LooksLikeOption(string word) =>
            word.Length > 1 && word[0] == '-' && (char.IsLetter(word[1]) || (word[1] == '-' && word.Length > 2));

        // A last guard: the messages' own parts are escaped and cut where input enters them, so this rarely cuts.
        private static string OneLine(string message) => InputText.OneLine(message, 1000);

        private static bool IsBadInput(Exception ex) =>
            ex
                is AuditDataException
                    or NoAuditEventsException
                    or FileNotFoundException
                    or DirectoryNotFoundException
                    or ArgumentException
                    or FormatException
                    or EntraGuard.Posture.PostureBaselineException;
    }
}
