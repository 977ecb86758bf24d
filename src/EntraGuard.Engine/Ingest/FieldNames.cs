using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EntraGuard.Ingest
{
    /// <summary>Every property name the reader acts on, across the objects of a directoryAudit and its
    /// envelopes.</summary>
    internal enum Field
    {
        Unknown,
        Id,
        ActivityDateTime,
        ActivityDisplayName,
        Category,
        CorrelationId,
        LoggedByService,
        OperationType,
        Result,
        ResultReason,
        InitiatedBy,
        TargetResources,
        AdditionalDetails,
        UserAgent,
        TenantId,
        Properties,
        Time,
        ResourceId,
        OperationName,
        CallerIpAddress,
        User,
        App,
        DisplayName,
        UserPrincipalName,
        IpAddress,
        AppId,
        ServicePrincipalId,
        ServicePrincipalName,
        Type,
        GroupType,
        ModifiedProperties,
        OldValue,
        NewValue,
        Key,
        Value,
        Records,
        NextLink,
        CreatedDateTime,
    }

    /// <summary>
    /// Maps a UTF-8 property name to its <see cref="Field"/>, ignoring ASCII case (exports vary it). Dispatches on
    /// length and first letter, so a name costs one or two comparisons instead of a scan of every candidate.
    /// </summary>
    internal static class FieldNames
    {
        public static Field Lookup(ReadOnlySpan<byte> name)
        {
            if (name.Length == 0)
                return Field.Unknown;
            var first = (byte)(name[0] | 0x20);
            switch (name.Length)
            {
                case 2:
                    return Match(name, "id"u8, Field.Id);
                case 3:
                    return first == 'a' ? Match(name, "app"u8, Field.App) : Match(name, "key"u8, Field.Key);
                case 4:
                    return first switch
                    {
                        (byte)'t' => name.Length > 1 && (name[1] | 0x20) == 'i'
                            ? Match(name, "time"u8, Field.Time)
                            : Match(name, "type"u8, Field.Type),
                        (byte)'u' => Match(name, "user"u8, Field.User),
                        _ => Field.Unknown,
                    };
                case 5:
                    return first == 'a' ? Match(name, "appId"u8, Field.AppId) : Match(name, "value"u8, Field.Value);
                case 6:
                    return Match(name, "result"u8, Field.Result);
                case 7:
                    return Match(name, "records"u8, Field.Records);
                case 8:
                    return first switch
                    {
                        (byte)'c' => Match(name, "category"u8, Field.Category),
                        (byte)'n' => Match(name, "newValue"u8, Field.NewValue),
                        (byte)'o' => Match(name, "oldValue"u8, Field.OldValue),
                        (byte)'t' => Match(name, "tenantId"u8, Field.TenantId),
                        _ => Field.Unknown,
                    };
                case 9:
                    return first switch
                    {
                        (byte)'g' => Match(name, "groupType"u8, Field.GroupType),
                        (byte)'i' => Match(name, "ipAddress"u8, Field.IpAddress),
                        (byte)'u' => Match(name, "userAgent"u8, Field.UserAgent),
                        _ => Field.Unknown,
                    };
                case 10:
                    return first == 'p'
                        ? Match(name, "properties"u8, Field.Properties)
                        : Match(name, "resourceId"u8, Field.ResourceId);
                case 11:
                    return first == 'd'
                        ? Match(name, "displayName"u8, Field.DisplayName)
                        : Match(name, "initiatedBy"u8, Field.InitiatedBy);
                case 12:
                    return Match(name, "resultReason"u8, Field.ResultReason);
                case 13:
                    if (first == 'c')
                        return Match(name, "correlationId"u8, Field.CorrelationId);
                    return Match(name, "operationName"u8, Field.OperationName) is var op && op != Field.Unknown
                        ? op
                        : Match(name, "operationType"u8, Field.OperationType);
                case 15:
                    return first switch
                    {
                        (byte)'c' => (name[1] | 0x20) == 'a'
                            ? Match(name, "callerIpAddress"u8, Field.CallerIpAddress)
                            : Match(name, "createdDateTime"u8, Field.CreatedDateTime),
                        (byte)'l' => Match(name, "loggedByService"u8, Field.LoggedByService),
                        (byte)'t' => Match(name, "targetResources"u8, Field.TargetResources),
                        _ => Field.Unknown,
                    };
                case 16:
                    return Match(name, "activityDateTime"u8, Field.ActivityDateTime);
                case 17:
                    return first == 'a'
                        ? Match(name, "additionalDetails"u8, Field.AdditionalDetails)
                        : Match(name, "userPrincipalName"u8, Field.UserPrincipalName);
                case 18:
                    return first == 'm'
                        ? Match(name, "modifiedProperties"u8, Field.ModifiedProperties)
                        : Match(name, "servicePrincipalId"u8, Field.ServicePrincipalId);
                case 19:
                    return Match(name, "activityDisplayName"u8, Field.ActivityDisplayName);
                case 20:
                    return Match(name, "servicePrincipalName"u8, Field.ServicePrincipalName);
                default:
                    return Field.Unknown;
            }
        }

        /// <summary>Whether a page annotation is <c>@odata.nextLink</c>, the link to the rest of a Graph
        /// collection.</summary>
        public static bool IsNextLink(ReadOnlySpan<byte> name) =>
            name.Length == 15
            && name[0] == '@'
            && name[6] == '.'
            && Match(name.Slice(1, 5), "odata"u8, Field.NextLink) == Field.NextLink
            && Match(name.Slice(7), "nextLink"u8, Field.NextLink) == Field.NextLink;

        /// <summary>
        /// Whether a name is a literal of letters, ignoring ASCII case. The exact comparison comes first: exports
        /// mostly write names as Graph does, and against a literal the runtime compares a few words, unrolled, where
        /// folding case goes a word at a time through a loop.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Field Match(ReadOnlySpan<byte> name, ReadOnlySpan<byte> camelCase, Field field) =>
            name.SequenceEqual(camelCase) || EqualsIgnoringCase(name, camelCase) ? field : Field.Unknown;

        // Setting bit 0x20 lower-cases an ASCII letter and turns no other byte into one, so against letters the
        // comparison is exact, eight bytes at a time.
        private static bool EqualsIgnoringCase(ReadOnlySpan<byte> name, ReadOnlySpan<byte> letters)
        {
            if (name.Length != letters.Length)
                return false;
            const ulong lowerBits = 0x2020202020202020UL;
            var i = 0;
            for (; i + 8 <= name.Length; i += 8)
            {
                if ((Word(name, i) | lowerBits) != (Word(letters, i) | lowerBits))
                    return false;
            }
            for (; i < name.Length; i++)
            {
                if ((name[i] | 0x20) != (letters[i] | 0x20))
                    return false;
            }
            return true;
        }

        private static ulong Word(ReadOnlySpan<byte> bytes, int at) => MemoryMarshal.Read<ulong>(bytes.Slice(at));
    }
}
