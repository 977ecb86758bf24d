using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using static EntraGuard.Ingest.JsonTokens;

namespace EntraGuard.Ingest
{
    /// <summary>
    /// The buffer parsers that read one after another share (a reader of a parallel scan, part after part): one
    /// large array per reader instead of one per part, each of which counted towards a full collection.
    /// </summary>
    internal sealed class ParseBuffer
    {
        public const int InitialSize = 256 * 1024;

        /// <summary>The buffer, grown when a record needed more.</summary>
        public byte[] Bytes = new byte[InitialSize];
    }

    /// <summary>
    /// Pulls <see cref="AuditEvent"/>s one at a time from a UTF-8 JSON stream in any of the shapes audit data comes in:
    /// a Graph page <c>{"value":[…]}</c>, a diagnostic-settings blob <c>{"records":[…]}</c>, a bare array, a single
    /// object, or JSON lines (any mix of these, one after the other). Memory holds one buffer and one record at a time.
    /// </summary>
    /// <remarks>
    /// Each record is parsed as one atomic unit with a streaming <see cref="Utf8JsonReader"/>. When the buffer ends
    /// inside a record, the parse is abandoned, the buffer refilled, and the record parsed again from its start with
    /// the reader state saved before it. With records far smaller than the buffer that happens about once a buffer,
    /// so the common path reads every byte once.
    /// </remarks>
    internal sealed partial class AuditJsonParser
    {
        private const int MaxRecordBytes = 256 * 1024 * 1024;

        // Comments are refused (the default): audit data never has them, and allowing them sends every token
        // through the reader's slower comment-aware path.
        private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64 };
        private const string TruncatedMessage = "the data ends in the middle of a record (is the file truncated?)";

        private readonly Stream _stream;
        private readonly string _source;
        private readonly AuditReadOptions _options;
        private readonly ReadStatistics _statistics;
        private readonly StringPool _pool;
        private readonly RecordStream _wanted;

        // Reading both logs in one walk (an investigation over files): sign-ins become results too, counted here.
        private readonly ReadStatistics? _signInStatistics;
        private long _signInsUncounted;

        private byte[] _buffer;
        private readonly ParseBuffer? _sharedBuffer;
        private int _start; // first unconsumed byte in _buffer
        private int _end; // end of valid data in _buffer
        private bool _eof;
        private long _bufferOffset; // absolute stream offset of _buffer[0]
        private long _linesBefore; // newlines in the stream before _buffer[0]
        private long _lineStartBefore; // absolute offset where the line containing _buffer[0] starts
        private int _cursor; // a buffer position whose line is known: where the last error was placed
        private long _cursorLines; // newlines in the stream before _buffer[_cursor]
        private long _cursorLineStart; // absolute offset where the line containing _buffer[_cursor] starts
        private JsonReaderState _state = new(ReaderOptions);
        private Mode _mode = Mode.TopLevel;
        private long _recordNumber;
        private long _eventsUncounted; // events not yet added to _statistics (see CountEvents)
        private Lazy<(long Lines, long Records)>? _before; // what precedes a part of a source (see StartAt)
        private bool _failed;
        private bool _finalBlock;

        // The event whose record is still the buffer's (AuditReadOptions.LendsKeptRecords), taken back on the next
        // read.
        private AuditEvent? _lent;

        // Reused: one record is parsed at a time.
        private readonly RecordBuilder _record = new();
        private readonly SignInRecordDecoder.Collected _signIn = new();

        private enum Mode
        {
            TopLevel, // between top-level values
            InArray, // inside a top-level array of records
            InEnvelope, // inside the "value"/"records" array of a page or blob
            EnvelopeTail, // after that array, before the envelope's closing brace
        }

        // wanted: which log's records become results; the other log's are counted and skipped.
        public AuditJsonParser(
            Stream utf8Stream,
            string source,
            AuditReadOptions options,
            ReadStatistics statistics,
            StringPool pool,
            RecordStream wanted = RecordStream.Audit,
            ParseBuffer? buffer = null
        )
        {
            _wanted = wanted;
            _sharedBuffer = buffer;
            _buffer = buffer?.Bytes ?? new byte[ParseBuffer.InitialSize];
            _stream = utf8Stream;
            _source = source;
            _options = options;
            _statistics = statistics;
            _pool = pool;
            // A filter may ask which modified properties a record lists: noted while walking the targets.
            if (options.KeepRecord != null)
                _record.Names = new ListedPropertyNames();
        }

        /// <summary>A parser whose results are the records of both logs, audit events and sign-ins, each log's
        /// events counted in its own statistics (files, set-aside and invalid records in the audit one's).</summary>
        internal AuditJsonParser(
            Stream utf8Stream,
            string source,
            AuditReadOptions options,
            ReadStatistics auditStatistics,
            ReadStatistics signInStatistics,
            StringPool pool
        )
            : this(utf8Stream, source, options, auditStatistics, pool) => _signInStatistics = signInStatistics;

        /// <summary>
        /// Reads the stream as the part of a larger source that starts at <paramref name="offset"/>, between two
        /// top-level values at the start of a line: errors name positions in the whole source. The lines and records
        /// before the part are counted by <paramref name="countBefore"/> only when an error needs them.
        /// </summary>
        internal void StartAt(long offset, Func<(long Lines, long Records)> countBefore)
        {
            _bufferOffset = _lineStartBefore = _cursorLineStart = offset;
            _before = new Lazy<(long, long)>(countBefore);
        }

        /// <summary>
        /// Adds the events read since the last call to the read's statistics. Parsers reading parts of a scan at once
        /// share one statistics object: adding per event made every reader thread write the same counter.
        /// </summary>
        internal void CountEvents()
        {
            _statistics.AddEvents(_eventsUncounted);
            _eventsUncounted = 0;
            _signInStatistics?.AddEvents(_signInsUncounted);
            _signInsUncounted = 0;
        }

        /// <summary>Records read so far (events, records set aside and invalid ones), as errors number them.</summary>
        internal long RecordsRead => _recordNumber;

        /// <summary>
        /// Bytes the JSON reader has walked so far, counting those parsed again after a refill: how much work the read
        /// cost, in a unit that does not depend on the machine.
        /// </summary>
        internal long BytesWalked { get; private set; }

        /// <summary>The next event, or null at the end of the stream (a parser that reads audit records).</summary>
        public AuditEvent? Next() => (AuditEvent?)NextRecord();

        /// <summary>The next sign-in, or null at the end of the stream (a parser that reads sign-in records).</summary>
        public SignInEvent? NextSignIn() => (SignInEvent?)NextRecord();

        /// <summary>The next audit event or sign-in, or null at the end of the stream (a parser reading both
        /// logs).</summary>
        internal object? NextOfEitherLog() => NextRecord();

        private object? NextRecord()
        {
            _lent?.ReturnRecord();
            _lent = null;
            if (_failed)
                return null;
            try
            {
                return ReadNext();
            }
            catch (InvalidDataException ex)
            {
                // The stream under the JSON broke (corrupt or cut gzip): nothing after this point can be read.
                Fail(_end, ex.Message, recordLevel: true);
                return null;
            }
        }

        private object? ReadNext()
        {
            while (true)
            {
                if (_mode == Mode.TopLevel && !SkipWhiteSpaceAtTopLevel())
                    return null;
                if (TryCompactRecord(out var compactStep, out var compactResult, out var cut))
                {
                    if (Counted(compactStep, compactResult) is { } compactEvent)
                        return compactEvent;
                    continue;
                }
                if (cut)
                {
                    Fill();
                    continue;
                }

                // Never a final block, even at the end of the stream: running out of data then always surfaces as
                // NeedMoreData, which at the end of the stream means truncation, whatever token it cut.
                var reader = new Utf8JsonReader(
                    new ReadOnlySpan<byte>(_buffer, _start, _end - _start),
                    _finalBlock,
                    _state
                );
                Step step;
                object? result = null;
                try
                {
                    step = _mode switch
                    {
                        Mode.TopLevel => StepTopLevel(ref reader, out result),
                        Mode.EnvelopeTail => StepEnvelopeTail(ref reader),
                        _ => StepInArray(ref reader, out result),
                    };
                }
                catch (NeedMoreData)
                {
                    BytesWalked += _end - _start; // the reader ran to the end of the data
                    if (!_eof)
                    {
                        Fill();
                        continue;
                    }
                    if (_mode == Mode.TopLevel && _buffer[_start] is not ((byte)'{' or (byte)'['))
                    {
                        // A bare scalar at the very end: read it as final to say what it is.
                        _finalBlock = true;
                        continue;
                    }
                    Fail(_end, TruncatedMessage, recordLevel: true);
                    return null;
                }
                catch (ShapeException ex)
                {
                    if (!Recover(_start + reader.TokenStartIndex, ex.Message, ex))
                        return null;
                    continue;
                }
                catch (JsonException ex)
                {
                    if (!Recover(_start + reader.BytesConsumed, "not valid JSON: " + TrimJsonMessage(ex.Message), ex))
                        return null;
                    continue;
                }
                catch (InvalidRecord ex)
                {
                    // The record's JSON is well formed but its content is not an audit record: it was read through
                    // to its end, so skipping it loses nothing else.
                    var position = _start + ex.Position;
                    if (!_options.SkipInvalid)
                        throw Error(position, ex.Message, recordLevel: true);
                    _statistics.AddInvalid(Error(position, ex.Message, recordLevel: true).Message);
                    Commit(ref reader);
                    _recordNumber++;
                    continue;
                }

                Commit(ref reader);
                if (Counted(step, result) is { } next)
                    return next;
            }
        }

        /// <summary>Counts a step's record; the event it made, or null when the read goes on.</summary>
        private object? Counted(Step step, object? result)
        {
            if (step == Step.Continue)
                return null;
            _recordNumber++;
            if (step != Step.Event)
                return null;
            if (result is SignInEvent && _signInStatistics != null)
                _signInsUncounted++;
            else
                _eventsUncounted++;
            return result;
        }

        private enum Step
        {
            Event, // a record became an event
            Record, // a record was read and set aside (another log category)
            Continue, // structure only (array or envelope boundaries)
        }

        private Step StepTopLevel(ref Utf8JsonReader reader, out object? result)
        {
            result = null;
            var atValue = reader; // a copy: parsing can restart from here
            Read(ref reader);
            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray:
                    _mode = Mode.InArray;
                    return Step.Continue;
                case JsonTokenType.StartObject:
                    break;
                default:
                    throw new ShapeException(
                        $"expected an audit record, a page of records or an array, found {Describe(reader.TokenType)}"
                    );
            }

            // An object is either an envelope (a Graph page, a diagnostic blob) or a record. Envelopes start with
            // @odata.* annotations or the records array itself.
            while (true)
            {
                Read(ref reader);
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    _state = new JsonReaderState(ReaderOptions); // an empty envelope: next top-level value starts fresh
                    return Step.Continue;
                }

                var name = PropertyName(ref reader);
                if (FieldNames.Lookup(name) is Field.Value or Field.Records)
                {
                    Read(ref reader);
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        var found = Describe(reader.TokenType);
                        throw new ShapeException(
                            $"{InputText.Quote(Text(name))} must be an array of records, " + $"found {found}"
                        );
                    }
                    _mode = Mode.InEnvelope;
                    return Step.Continue;
                }
                if (name.Length > 1 && name[0] == (byte)'@')
                {
                    var isNextLink = IsNextLink(name);
                    Read(ref reader);
                    if (isNextLink)
                        NoteNextLink(ref reader);
                    else
                        Skip(ref reader);
                    continue;
                }

                // A record (possibly with @odata annotations before its fields): parse it whole from the start.
                reader = atValue;
                Read(ref reader);
                result = ParseRecordOrSkip(ref reader, out var isEvent);
                _state = new JsonReaderState(ReaderOptions);
                return isEvent ? Step.Event : Step.Record;
            }
        }

        private Step StepInArray(ref Utf8JsonReader reader, out object? result)
        {
            result = null;
            Read(ref reader);
            switch (reader.TokenType)
            {
                case JsonTokenType.EndArray:
                    if (_mode == Mode.InArray)
                    {
                        _mode = Mode.TopLevel;
                        _state = new JsonReaderState(ReaderOptions);
                    }
                    else
                    {
                        _mode = Mode.EnvelopeTail;
                    }
                    return Step.Continue;
                case JsonTokenType.StartObject:
                    result = ParseRecordOrSkip(ref reader, out var isEvent);
                    return isEvent ? Step.Event : Step.Record;
                default:
                    var start = reader.TokenStartIndex;
                    Skip(ref reader);
                    throw new InvalidRecord(
                        $"a record must be a JSON object, found {Describe(reader.TokenType)}",
                        start
                    );
            }
        }

        private Step StepEnvelopeTail(ref Utf8JsonReader reader)
        {
            Read(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                _mode = Mode.TopLevel;
                _state = new JsonReaderState(ReaderOptions);
                return Step.Continue;
            }
            // @odata.nextLink and friends: the parser follows no link; it notes the nextLink for a caller that pages.
            var isNextLink = IsNextLink(PropertyName(ref reader));
            Read(ref reader);
            if (isNextLink)
                NoteNextLink(ref reader);
            else
                Skip(ref reader);
            return Step.Continue;
        }

        // ---- records -------------------------------------------------------------------------------------------

        /// <summary>Parses the record at the reader (on its StartObject); null with isEvent=false when
        /// skipped.</summary>
        private object? ParseRecordOrSkip(ref Utf8JsonReader reader, out bool isEvent)
        {
            var recordStart = reader.TokenStartIndex;
            // A sign-in reader decodes every field as it walks the record; an audit reader only what it checks.
            if (_wanted == RecordStream.SignIn)
            {
                _signIn.Clear(recordStart);
                SignInRecordDecoder.Walk(ref reader, _signIn, _pool, envelopeLevel: true);
            }
            else
            {
                _record.Clear(recordStart);
                ReadRecordObject(ref reader, _record, envelopeLevel: true);
            }
            return RecordOfWalk(recordStart, (int)(reader.BytesConsumed - recordStart), checkText: true, out isEvent);
        }

        /// <summary>What the record just walked becomes (see <see cref="RecordOf"/>), told by what the walk of the log
        /// read found; <paramref name="checkText"/> unless the walk saw its text is plain ASCII (see
        /// <see cref="CompactJson.TextToCheck"/>).</summary>
        private object? RecordOfWalk(long recordStart, int recordLength, bool checkText, out bool isEvent) =>
            _wanted == RecordStream.SignIn
                ? RecordOf(
                    recordStart,
                    recordLength,
                    checkText,
                    _signIn.LogCategory,
                    _signIn.HasActivity,
                    _signIn.CreatedDateTime != null,
                    out isEvent
                )
                : RecordOf(
                    recordStart,
                    recordLength,
                    checkText,
                    _record.LogCategory,
                    _record.HasActivity,
                    _record.CreatedDateTime != null,
                    out isEvent
                );

        /// <summary>
        /// What a walked record becomes: an event of the log read (null when handed to
        /// <see cref="AuditReadOptions.OnRefused"/>), or null with isEvent false for a record of another log. Throws
        /// <see cref="InvalidRecord"/> for bad text or a record without what an event needs, having changed nothing.
        /// </summary>
        private object? RecordOf(
            long recordStart,
            int recordLength,
            bool checkText,
            string? logCategory,
            bool hasActivity,
            bool hasCreatedDateTime,
            out bool isEvent
        )
        {
            if (checkText)
            {
                var badText = RecordText.FindInvalid(
                    _buffer,
                    _start + (int)recordStart,
                    recordLength,
                    out var textProblem
                );
                if (badText >= 0)
                    throw new InvalidRecord(textProblem, recordStart + badText);
            }

            var stream = RecordStreams.Of(logCategory, hasActivity, hasCreatedDateTime);
            if (_signInStatistics != null && stream == RecordStream.SignIn)
            {
                isEvent = true;
                return SignInOfRecord(recordStart, recordLength);
            }
            if (stream is { } known && known != _wanted)
            {
                _statistics.AddOtherCategory(logCategory ?? RecordStreams.CategoryOf(known));
                isEvent = false;
                return null;
            }
            isEvent = true;
            return _wanted == RecordStream.SignIn
                ? SignIn(_signIn, recordStart, recordLength)
                : Audit(_record, recordStart, recordLength, plainText: !checkText);
        }

        /// <summary>The event of an audit record; null when the filter refused it and it went to
        /// <see cref="AuditReadOptions.OnRefused"/>. <paramref name="plainText"/>: the walk saw only ASCII without
        /// <c>\u</c> escapes.</summary>
        private AuditEvent? Audit(RecordBuilder record, long recordStart, int recordLength, bool plainText)
        {
            string? problem = null;
            if (!record.HasId)
                problem = "the record has no id";
            else if (record.ActivityDateTime is null && record.EnvelopeTime is null)
                problem =
                    record.BadTime != null
                        ? $"activityDateTime {InputText.Quote(record.BadTime)} is not a date and time"
                        : "the record has no activityDateTime";
            else if (record.ShapeProblem != null)
                problem = record.ShapeProblem;
            if (problem != null)
                throw new InvalidRecord(problem, recordStart);

            var time = (record.ActivityDateTime ?? record.EnvelopeTime)!.Value;
            var activity = record.ActivityDisplayName ?? record.OperationName ?? "";
            var raw = new ReadOnlySpan<byte>(_buffer, _start + (int)recordStart, recordLength);
            if (_options.KeepRecord is not { } keep)
                return new AuditEvent(raw.ToArray(), time, activity, _source);
            if (!keep(activity, new RecordView(raw, record.Names, plainText)))
            {
                if (_options.OnRefused is not { } onRefused)
                    return new AuditEvent(time, activity, _source);
                onRefused(time, _source);
                return null;
            }
            if (!_options.LendsKeptRecords)
                return new AuditEvent(raw.ToArray(), time, activity, _source, keptForRules: true);
            var inBuffer = new ReadOnlyMemory<byte>(_buffer, _start + (int)recordStart, recordLength);
            return _lent = new AuditEvent(inBuffer, time, activity, _source, keptForRules: true);
        }

        /// <summary>Reading both logs, a record is walked as an audit record to learn its log; a sign-in is then
        /// decoded from its bytes, still in the buffer (no second read of the file).</summary>
        private SignInEvent SignInOfRecord(long recordStart, int recordLength)
        {
            var reader = new Utf8JsonReader(
                new ReadOnlySpan<byte>(_buffer, _start + (int)recordStart, recordLength),
                ReaderOptions
            );
            reader.Read();
            _signIn.Clear(0);
            SignInRecordDecoder.Walk(ref reader, _signIn, _pool, envelopeLevel: true);
            return SignIn(_signIn, recordStart, recordLength);
        }

        private SignInEvent SignIn(SignInRecordDecoder.Collected record, long recordStart, int recordLength)
        {
            string? problem = null;
            if (!record.HasId)
                problem = "the record has no id";
            else if (record.CreatedDateTime is null && record.EnvelopeTime is null)
                problem =
                    record.BadTime != null
                        ? $"createdDateTime {InputText.Quote(record.BadTime)} is not a date and time"
                        : "the record has no createdDateTime";
            if (problem != null)
                throw new InvalidRecord(problem, recordStart);
            var raw = new ReadOnlySpan<byte>(_buffer, _start + (int)recordStart, recordLength);
            return record.ToSignIn(raw.ToArray(), (record.CreatedDateTime ?? record.EnvelopeTime)!.Value, _source);
        }

        /// <summary>
        /// Walks a directoryAudit object, or a diagnostic record whose <c>properties</c> holds one, checking its shape
        /// and decoding only what every consumer needs: the id's presence, the time, the activity and the diagnostic
        /// log category. The rest is decoded from the record's bytes on first use (see <see cref="RecordDecoder"/>).
        /// </summary>
        private void ReadRecordObject(ref Utf8JsonReader reader, RecordBuilder record, bool envelopeLevel)
        {
            while (NextProperty(ref reader, out var field))
            {
                switch (field)
                {
                    case Field.Id:
                        record.HasId = HasIdAfter(ref reader, record.HasId);
                        Skip(ref reader);
                        break;
                    case Field.ActivityDateTime:
                        record.ActivityDateTime = ParseTime(ref reader, out var bad) ?? record.ActivityDateTime;
                        record.BadTime ??= bad;
                        break;
                    case Field.ActivityDisplayName:
                        record.ActivityDisplayName = String(ref reader);
                        break;
                    case Field.CreatedDateTime:
                        record.CreatedDateTime = ParseTime(ref reader, out var badCreated) ?? record.CreatedDateTime;
                        record.BadTime ??= badCreated;
                        break;
                    case Field.Category when envelopeLevel:
                        record.TopCategory = String(ref reader);
                        break;
                    case Field.InitiatedBy:
                        if (ExpectObject(ref reader, record, "initiatedBy"))
                            Skip(ref reader);
                        break;
                    case Field.TargetResources:
                        CheckArrayOfObjects(ref reader, record, "targetResources", record.Names);
                        break;
                    case Field.AdditionalDetails:
                        CheckArrayOfObjects(ref reader, record, "additionalDetails");
                        break;
                    case Field.Properties when envelopeLevel && reader.TokenType == JsonTokenType.StartObject:
                        record.IsDiagnosticRecord = true;
                        ReadRecordObject(ref reader, record, envelopeLevel: false);
                        break;
                    case Field.Time when envelopeLevel:
                        record.EnvelopeTime = ParseTime(ref reader, out _);
                        break;
                    case Field.OperationName when envelopeLevel:
                        record.OperationName = String(ref reader);
                        break;
                    default:
                        Skip(ref reader);
                        break;
                }
            }
        }

        /// <summary>
        /// Walks past an array whose elements must be objects, checking that shape (null is allowed). Given
        /// <paramref name="names"/>, the elements are targets: the display names of the modified properties each
        /// lists are noted as the decoder will read them (see <see cref="NestedArrays"/>).
        /// </summary>
        private void CheckArrayOfObjects(
            ref Utf8JsonReader reader,
            RecordBuilder record,
            string field,
            ListedPropertyNames? names = null
        )
        {
            if (!ExpectArray(ref reader, record, field))
                return;
            while (true)
            {
                Read(ref reader);
                if (reader.TokenType == JsonTokenType.EndArray)
                    return;
                if (reader.TokenType != JsonTokenType.StartObject)
                    record.ShapeProblem ??= $"'{field}' must hold objects";
                else if (names != null)
                {
                    while (NextProperty(ref reader, out var property))
                    {
                        if (property == Field.ModifiedProperties && reader.TokenType == JsonTokenType.StartArray)
                            NoteModifiedPropertyNames(ref reader, record.Start, names);
                        else
                            Skip(ref reader);
                    }
                    continue;
                }
                Skip(ref reader);
            }
        }

        private static void NoteModifiedPropertyNames(
            ref Utf8JsonReader reader,
            long recordStart,
            ListedPropertyNames names
        )
        {
            while (true)
            {
                Read(ref reader);
                if (reader.TokenType == JsonTokenType.EndArray)
                    return;
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    Skip(ref reader);
                    continue;
                }
                while (NextProperty(ref reader, out var field))
                {
                    if (field != Field.DisplayName)
                        Skip(ref reader);
                    else if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped)
                        names.Add((int)(reader.TokenStartIndex + 1 - recordStart), reader.ValueSpan);
                    else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                        Skip(ref reader); // decoded as no name
                    else if (reader.TokenType != JsonTokenType.Null)
                        names.AddUnknown(); // escaped, a number or a boolean: decoded as text
                }
            }
        }

        private bool ExpectObject(ref Utf8JsonReader reader, RecordBuilder record, string field)
        {
            if (reader.TokenType == JsonTokenType.StartObject)
                return true;
            if (reader.TokenType != JsonTokenType.Null)
                record.ShapeProblem ??= $"'{field}' must be an object, found {Describe(reader.TokenType)}";
            Skip(ref reader);
            return false;
        }

        private bool ExpectArray(ref Utf8JsonReader reader, RecordBuilder record, string field)
        {
            if (reader.TokenType == JsonTokenType.StartArray)
                return true;
            if (reader.TokenType != JsonTokenType.Null)
                record.ShapeProblem ??= $"'{field}' must be an array, found {Describe(reader.TokenType)}";
            Skip(ref reader);
            return false;
        }

        // ---- tokens --------------------------------------------------------------------------------------------

        private string? String(ref Utf8JsonReader reader) => ReadString(ref reader, _pool);

        private static bool IsNextLink(ReadOnlySpan<byte> name) => FieldNames.IsNextLink(name);

        /// <summary>The last <c>@odata.nextLink</c> passed, exactly as written (unescaped JSON string), or
        /// null.</summary>
        public string? NextLink { get; private set; }

        private void NoteNextLink(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.String)
                NextLink = GetStringOrNull(ref reader);
            else
                Skip(ref reader);
        }

        private static string Text(ReadOnlySpan<byte> utf8) => System.Text.Encoding.UTF8.GetString(utf8.ToArray());

        // The reader's own messages end with its own (relative) position; ours is absolute and said once.
        private static string TrimJsonMessage(string message)
        {
            var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            return InputText.OneLine((at > 0 ? message.Substring(0, at) : message).TrimEnd(), InputText.MessageLength);
        }

        // ---- buffer --------------------------------------------------------------------------------------------

        /// <summary>
        /// Accepts what the reader consumed. Inside arrays the reader's state carries over to the next unit; between
        /// top-level values each value starts with a fresh state (set by the step that returned to the top level).
        /// </summary>
        private void Commit(ref Utf8JsonReader reader)
        {
            BytesWalked += reader.BytesConsumed;
            _start += (int)reader.BytesConsumed;
            if (_mode != Mode.TopLevel)
                _state = reader.CurrentState;
            _afterRecord = _mode is Mode.InArray or Mode.InEnvelope && reader.TokenType == JsonTokenType.EndObject;
        }

        /// <summary>Skips white space (and a BOM) between top-level values; false at the end of the stream.</summary>
        private bool SkipWhiteSpaceAtTopLevel()
        {
            while (true)
            {
                while (_start < _end)
                {
                    var b = _buffer[_start];
                    if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
                        _start++;
                    else if (b != 0xEF)
                        return true;
                    else if (_end - _start < 3 && !_eof)
                        break; // a byte order mark may be split across reads
                    else if (_end - _start >= 3 && _buffer[_start + 1] == 0xBB && _buffer[_start + 2] == 0xBF)
                        _start += 3;
                    else
                        return true;
                }
                if (_eof)
                    return false;
                Fill();
            }
        }

        /// <summary>
        /// Moves unconsumed bytes to the front (growing the buffer if one record fills it) and reads more: at least
        /// as many bytes as were already waiting, unless the buffer fills or the stream ends. A record cut by the
        /// buffer is parsed again from its start after each refill; this way its parses cost, all together, a small
        /// multiple of its size however few bytes each read returns (gzip returns a few KiB, a pipe what it holds).
        /// </summary>
        private void Fill()
        {
            if (_start > 0)
            {
                MoveLineCursor(_start);
                _linesBefore = _cursorLines;
                _lineStartBefore = _cursorLineStart;
                _bufferOffset += _start;
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            _cursor = 0;
            _cursorLines = _linesBefore;
            _cursorLineStart = _lineStartBefore;
            if (_end == _buffer.Length)
            {
                if (_buffer.Length >= MaxRecordBytes)
                {
                    throw Error(
                        0,
                        $"a single record is larger than {MaxRecordBytes / (1024 * 1024)} MiB",
                        recordLevel: true
                    );
                }
                Array.Resize(ref _buffer, _buffer.Length * 2);
                if (_sharedBuffer != null)
                    _sharedBuffer.Bytes = _buffer;
            }
            var wanted = Math.Min(_buffer.Length, _end + Math.Max(_end, 1));
            while (_end < wanted)
            {
                var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
                if (read == 0)
                {
                    _eof = true;
                    return;
                }
                _end += read;
            }
        }

        /// <summary>
        /// Moves the line cursor to a buffer position, counting the newlines passed. Positions asked for mostly grow,
        /// so each byte is counted about once however many errors --skip-invalid reports in one buffer.
        /// </summary>
        private void MoveLineCursor(int position)
        {
            if (position < _cursor)
            {
                _cursor = 0;
                _cursorLines = _linesBefore;
                _cursorLineStart = _lineStartBefore;
            }
            var span = new ReadOnlySpan<byte>(_buffer, _cursor, position - _cursor);
            var offset = 0;
            while (true)
            {
                var newline = span.Slice(offset).IndexOf((byte)'\n');
                if (newline < 0)
                    break;
                offset += newline + 1;
                _cursorLines++;
                _cursorLineStart = _bufferOffset + _cursor + offset;
            }
            _cursor = position;
        }

        /// <summary>Reports bad JSON; with SkipInvalid, resumes at the next line when reading JSON lines.</summary>
        private bool Recover(long bufferPosition, string problem, Exception inner)
        {
            var atTopLevel = _mode == Mode.TopLevel;
            var error = Error(
                bufferPosition,
                problem,
                recordLevel: !atTopLevel || _recordNumber + Before.Records > 0,
                inner
            );
            if (!_options.SkipInvalid)
                throw error;

            _statistics.AddInvalid(error.Message);
            if (!atTopLevel)
            {
                // Inside an array nothing after a syntax error can be trusted: stop this source, said out loud.
                _statistics.AddInvalid(
                    $"{_source}: reading stopped at offset {error.ByteOffset}; the rest of this source was not read"
                );
                _failed = true;
                return false;
            }

            // JSON lines: drop the rest of the bad line and carry on with the next.
            while (true)
            {
                var newline = new ReadOnlySpan<byte>(_buffer, _start, _end - _start).IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    _start += newline + 1;
                    break;
                }
                _start = _end;
                if (_eof)
                    break;
                Fill();
            }
            _recordNumber++;
            _state = new JsonReaderState(ReaderOptions);
            return true;
        }

        private void Fail(long bufferPosition, string problem, bool recordLevel)
        {
            var error = Error(bufferPosition, problem, recordLevel);
            if (!_options.SkipInvalid)
                throw error;
            _statistics.AddInvalid(error.Message);
            _failed = true;
        }

        private AuditDataException Error(long bufferPosition, string problem, bool recordLevel, Exception? inner = null)
        {
            var position = (int)Math.Min(Math.Max(bufferPosition, 0), _end);
            MoveLineCursor(position);
            var absolute = _bufferOffset + position;
            var record = recordLevel ? Before.Records + _recordNumber + 1 : 0;
            var column = absolute - _cursorLineStart + 1;
            var line = Before.Lines + _cursorLines + 1;
            return new AuditDataException(_source, record, line, column, absolute, problem, inner);
        }

        private (long Lines, long Records) Before => _before?.Value ?? default;

        /// <summary>Well-formed JSON of the wrong shape for audit data (a number where records belong, …).</summary>
        private sealed class ShapeException : JsonException
        {
            public ShapeException(string message)
                : base(message) { }
        }

        /// <summary>
        /// A well-formed JSON value that is not a usable record. Thrown once the reader stands past the value, so
        /// skipping it loses nothing else; carries where the problem is.
        /// </summary>
        private sealed class InvalidRecord : Exception
        {
            public InvalidRecord(string message, long position)
                : base(message) => Position = position;

            /// <summary>Where the problem is from the reader's start: the record's start, or a bad byte.</summary>
            public long Position { get; }
        }

        /// <summary>What the reader decodes of one record while walking it (the rest waits in its bytes).</summary>
        private sealed class RecordBuilder
        {
            public string? ActivityDisplayName,
                OperationName,
                TopCategory,
                BadTime,
                ShapeProblem;
            public DateTimeOffset? ActivityDateTime,
                EnvelopeTime,
                CreatedDateTime;
            public bool HasId,
                IsDiagnosticRecord;

            /// <summary>Where the record starts in the reader's data.</summary>
            public long Start;

            /// <summary>Where the fast walk met the top-level category's value in the data (-1: nowhere), read once
            /// the walk knows whether the record is a diagnostic one.</summary>
            public int TopCategoryAt;

            /// <summary>The modified properties its targets list, when a filter may ask.</summary>
            public ListedPropertyNames? Names;

            /// <summary>The log a diagnostic record belongs to (AuditLogs, SignInLogs…): its top-level category. A
            /// Graph record's category is the audit's own.</summary>
            public string? LogCategory => IsDiagnosticRecord ? TopCategory : null;

            public bool HasActivity => ActivityDateTime != null || ActivityDisplayName != null;

            public void Clear(long start)
            {
                ActivityDisplayName = OperationName = TopCategory = BadTime = ShapeProblem = null;
                ActivityDateTime = EnvelopeTime = CreatedDateTime = null;
                HasId = IsDiagnosticRecord = false;
                Start = start;
                TopCategoryAt = -1;
                Names?.Clear();
            }
        }
    }
}
