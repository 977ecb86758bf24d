using System;
using static EntraGuard.Ingest.CompactJson;

namespace EntraGuard.Ingest
{
    /// <summary>
    /// The fast walk of records: <see cref="CompactJson"/> instead of the JSON reader, for a record the data lays
    /// out plainly. It decodes what the reader's walk (<see cref="ReadRecordObject"/>, or
    /// <see cref="SignInRecordDecoder.Walk"/> for sign-ins) decodes, and gives up on whatever that walk would report
    /// or decode through the reader (an escape in a name or a decoded value, a record of the wrong shape,
    /// bad text, a time in another format): the reader then reads the same bytes, so what users see is unchanged.
    /// </summary>
    internal sealed partial class AuditJsonParser
    {
        /// <summary>Whether records are walked fast when they allow it. Tests turn it off to compare both
        /// walks.</summary>
        internal bool WalksCompactRecords { get; set; } = true;

        /// <summary>Records the fast walk has read.</summary>
        internal long RecordsWalkedFast { get; private set; }

        // The reader's state stands just past a record inside an array: every following record leaves it the same
        // (depth, containers, last token), so a record the fast walk takes needs no state of its own.
        private bool _afterRecord;

        // The walk's times, read knowing the minute of the one before.
        private readonly UtcTimes _times = new();

        // A record the walk gave up on this near the end of the data is most likely cut by it (the one that ends each
        // buffer): the data is filled and the record walked again, once, instead of the reader walking it to the end
        // of the data and stopping there for more (an exception each buffer).
        private const int CutRecordRoom = 16 * 1024;

        // Where the record the data was last filled for starts in the source (see CutRecordRoom).
        private long _filledForRecordAt = -1;

        /// <summary>
        /// Reads the record that starts the unread data, when it follows a record in an array or stands alone (JSON
        /// lines), lies whole in the buffer, and the fast walk takes it. False changes nothing; with
        /// <paramref name="cut"/> the end of the data may have cut the record: fill the data and try again.
        /// </summary>
        private bool TryCompactRecord(out Step step, out object? result, out bool cut)
        {
            step = Step.Continue;
            result = null;
            cut = false;
            if (!WalksCompactRecords)
                return false;
            var data = new ReadOnlySpan<byte>(_buffer, 0, _end);
            var i = _start;
            if (_mode != Mode.TopLevel)
            {
                if (!_afterRecord)
                    return false;
                i = SkipWhiteSpace(data, i);
                if ((uint)i >= (uint)data.Length || data[i] != (byte)',')
                    return false;
                i = SkipWhiteSpace(data, i + 1);
            }
            if ((uint)i >= (uint)data.Length || data[i] != (byte)'{' || _mode == Mode.TopLevel && MayBePage(data, i))
                return false;

            int end;
            StartText();
            if (_wanted == RecordStream.SignIn)
            {
                _signIn.Clear(i - _start);
                end = SignInRecordDecoder.WalkCompact(data, i, i, _signIn, _pool, _times, envelopeLevel: true);
            }
            else
            {
                _record.Clear(i - _start);
                end = WalkRecordObject(data, i, i, _record, envelopeLevel: true);
            }
            if (end == GiveUp)
            {
                var at = _bufferOffset + i;
                cut = !_eof && data.Length - i < CutRecordRoom && at != _filledForRecordAt;
                if (cut)
                    _filledForRecordAt = at;
                return false;
            }
            try
            {
                result = RecordOfWalk(i - _start, end - i, checkText: TextToCheck, out var isEvent);
                step = isEvent ? Step.Event : Step.Record;
            }
            catch (InvalidRecord)
            {
                return false; // the reader's walk names the problem, with its place
            }
            BytesWalked += end - _start;
            RecordsWalkedFast++;
            _start = end;
            return true;
        }

        /// <summary>Whether the object at <paramref name="i"/> opens as a page does, with an annotation or the records
        /// array: then it is one, or a record only the reader's walk tells apart.</summary>
        private static bool MayBePage(ReadOnlySpan<byte> data, int i)
        {
            i = NextProperty(data, i, first: true, out var name, out var ended);
            return i != GiveUp
                && !ended
                && (name.Length > 0 && name[0] == (byte)'@' || FieldNames.Lookup(name) is Field.Value or Field.Records);
        }

        /// <summary>The fast <see cref="ReadRecordObject"/>: past the object at <paramref name="i"/>, or
        /// <see cref="CompactJson.GiveUp"/>. <paramref name="recordStart"/> is where the whole record starts (a
        /// diagnostic record's audit sits in its properties).</summary>
        private int WalkRecordObject(
            ReadOnlySpan<byte> data,
            int i,
            int recordStart,
            RecordBuilder record,
            bool envelopeLevel
        )
        {
            for (var first = true; ; first = false)
            {
                i = NextProperty(data, i, first, out var name, out var ended);
                if (i == GiveUp)
                    return GiveUp;
                if (ended)
                    return envelopeLevel ? DiagnosticCategory(data, i, record) : i;
                var field = FieldNames.Lookup(name);
                switch (field)
                {
                    case Field.Id:
                        var idEnd = SkipValue(data, i);
                        // The reader's walk: a string counts when not empty; a number or a boolean counts.
                        record.HasId = data[i] switch
                        {
                            (byte)'"' => idEnd - i > 2,
                            (byte)'{' or (byte)'[' or (byte)'n' => record.HasId,
                            _ => true,
                        };
                        i = idEnd;
                        break;
                    case Field.ActivityDateTime:
                        i = ReadTime(data, i, _times, out var activityTime);
                        record.ActivityDateTime = activityTime ?? record.ActivityDateTime;
                        break;
                    case Field.ActivityDisplayName:
                        i = ReadText(data, i, _pool, out record.ActivityDisplayName);
                        break;
                    case Field.CreatedDateTime:
                        i = ReadTime(data, i, _times, out var createdTime);
                        record.CreatedDateTime = createdTime ?? record.CreatedDateTime;
                        break;
                    case Field.Category when envelopeLevel:
                        record.TopCategoryAt = i; // read at the end, and only for a diagnostic record
                        i = SkipValue(data, i);
                        break;
                    case Field.InitiatedBy:
                        i = data[i] is (byte)'{' or (byte)'n' ? SkipValue(data, i) : GiveUp;
                        break;
                    case Field.TargetResources:
                        i = ArrayOfObjects(data, i, recordStart, NamesToNote(record));
                        break;
                    case Field.AdditionalDetails:
                        i = ArrayOfObjects(data, i, recordStart, names: null);
                        break;
                    case Field.Properties when envelopeLevel && data[i] == (byte)'{':
                        record.IsDiagnosticRecord = true;
                        i = WalkRecordObject(data, i, recordStart, record, envelopeLevel: false);
                        break;
                    case Field.Time when envelopeLevel:
                        i = ReadTime(data, i, _times, out record.EnvelopeTime);
                        break;
                    case Field.OperationName when envelopeLevel:
                        i = ReadText(data, i, _pool, out record.OperationName);
                        break;
                    default:
                        i = SkipValue(data, i);
                        break;
                }
                if (i == GiveUp)
                    return GiveUp;
            }
        }

        /// <summary>
        /// The top-level category of a record the walk ended (<paramref name="end"/>), read when the record is a
        /// diagnostic one, whose log it names: a Graph record's says nothing the reader needs, and reading it for
        /// each record cost a string lookup. Gives up as reading it where it stands would.
        /// </summary>
        private int DiagnosticCategory(ReadOnlySpan<byte> data, int end, RecordBuilder record) =>
            record.IsDiagnosticRecord
            && record.TopCategoryAt >= 0
            && ReadText(data, record.TopCategoryAt, _pool, out record.TopCategory) == GiveUp
                ? GiveUp
                : end;

        /// <summary>
        /// Where to note the names of the modified properties of the record's targets: nowhere when no filter asks,
        /// or when the activity read so far is one the filter does not ask about (every name then counts as
        /// possible, which holds whatever the record says later).
        /// </summary>
        private ListedPropertyNames? NamesToNote(RecordBuilder record)
        {
            if (
                record.Names is { } names
                && record.ActivityDisplayName is { } activity
                && _options.NotesPropertyNames is { } notes
                && !notes(activity)
            )
            {
                names.AddUnknown();
                return null;
            }
            return record.Names;
        }

        /// <summary>
        /// Past an array of objects (or null), as <see cref="CheckArrayOfObjects"/> walks it; gives up where that
        /// walk notes a shape problem. Given <paramref name="names"/>, the objects are targets whose modified
        /// properties' names are noted.
        /// </summary>
        private static int ArrayOfObjects(ReadOnlySpan<byte> data, int i, int recordStart, ListedPropertyNames? names)
        {
            if (data[i] != (byte)'[')
                return data[i] == (byte)'n' ? SkipScalar(data, i) : GiveUp;
            for (var first = true; ; first = false)
            {
                i = NextElement(data, i, first, out var ended);
                if (i == GiveUp || ended)
                    return i;
                if (data[i] != (byte)'{')
                    return GiveUp;
                i = names == null ? SkipValue(data, i) : Target(data, i, recordStart, names);
                if (i == GiveUp)
                    return GiveUp;
            }
        }

        private static int Target(ReadOnlySpan<byte> data, int i, int recordStart, ListedPropertyNames names)
        {
            for (var first = true; ; first = false)
            {
                i = NextProperty(data, i, first, out var name, out var ended);
                if (i == GiveUp || ended)
                    return i;
                i =
                    data[i] == (byte)'[' && FieldNames.Lookup(name) == Field.ModifiedProperties
                        ? ModifiedPropertyNames(data, i, recordStart, names)
                        : SkipValue(data, i);
                if (i == GiveUp)
                    return GiveUp;
            }
        }

        /// <summary>The fast <see cref="NoteModifiedPropertyNames"/>: the same names noted the same way.</summary>
        private static int ModifiedPropertyNames(
            ReadOnlySpan<byte> data,
            int i,
            int recordStart,
            ListedPropertyNames names
        )
        {
            for (var first = true; ; first = false)
            {
                i = NextElement(data, i, first, out var ended);
                if (i == GiveUp || ended)
                    return i;
                if (data[i] != (byte)'{')
                {
                    i = SkipValue(data, i);
                    if (i == GiveUp)
                        return GiveUp;
                    continue;
                }
                for (var firstProperty = true; ; firstProperty = false)
                {
                    i = NextProperty(data, i, firstProperty, out var name, out var objectEnded);
                    if (i == GiveUp)
                        return GiveUp;
                    if (objectEnded)
                        break;
                    i =
                        FieldNames.Lookup(name) == Field.DisplayName
                            ? NoteName(data, i, recordStart, names)
                            : SkipValue(data, i);
                    if (i == GiveUp)
                        return GiveUp;
                }
            }
        }

        /// <summary>
        /// Notes a modified property's display name as the reader's walk does: a plain string by its place; an
        /// escaped string, a number or a boolean as a name only decoding tells; an object, an array or null as no
        /// name.
        /// </summary>
        private static int NoteName(ReadOnlySpan<byte> data, int i, int recordStart, ListedPropertyNames names)
        {
            switch (data[i])
            {
                case (byte)'"':
                    var end = SkipString(data, i, out var escaped);
                    if (end == GiveUp)
                        return GiveUp;
                    if (escaped)
                        names.AddUnknown();
                    else
                        names.Add(i + 1 - recordStart, data.Slice(i + 1, end - i - 2));
                    return end;
                case (byte)'{' or (byte)'[' or (byte)'n':
                    return SkipValue(data, i);
                default:
                    names.AddUnknown();
                    return SkipValue(data, i);
            }
        }
    }
}
