using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using EntraGuard.Investigation;

namespace EntraGuard.Output
{
    /// <summary>
    /// Risk-event contexts read back from the JSON lines <see cref="RiskEventContextWriter"/> writes (<c>entraguard
    /// investigate --format json</c>). Keys map to <see cref="RiskEventContext"/>'s properties by name, so a fact the
    /// investigation learns to state is read back without a change here.
    /// </summary>
    public static class RiskEventContextJsonReader
    {
        private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true };

        /// <exception cref="FormatException">A line is not a context (names the source, the line and the
        /// key).</exception>
        public static IReadOnlyList<RiskEventContext> ReadJsonLines(TextReader reader, string source) =>
            JsonLines.Read(reader, source, "an investigation ('entraguard investigate --format json' output)", Read);

        private static RiskEventContext Read(JsonElement root)
        {
            RiskEventContext? context;
            try
            {
                context = root.Deserialize<RiskEventContext>(Options);
            }
            catch (JsonException ex)
            {
                throw new FormatException($"key '{ex.Path?.TrimStart('$', '.')}' has a value of the wrong kind", ex);
            }
            if (string.IsNullOrEmpty(context?.RiskEventId))
                throw new FormatException("it has no RiskEventId");
            if (JsonLines.Text(root, nameof(RiskEventContext.TimeGenerated)) is null)
                throw new FormatException("it has no TimeGenerated");
            return context!;
        }
    }
}
