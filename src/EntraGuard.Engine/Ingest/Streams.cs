using System;
using System.IO;
using System.Text;

namespace EntraGuard.Ingest
{
    /// <summary>A read-only forward stream whose first bytes can be looked at before reading, on any stream.</summary>
    internal sealed class PeekableStream : ForwardReadStream
    {
        private readonly Stream _inner;
        private byte[] _head = Array.Empty<byte>();
        private int _headPosition;

        public PeekableStream(Stream inner) => _inner = inner;

        /// <summary>Up to <paramref name="count"/> bytes from the current position, without consuming them.</summary>
        public byte[] Peek(int count)
        {
            var available = _head.Length - _headPosition;
            if (available < count)
            {
                var grown = new byte[count];
                Buffer.BlockCopy(_head, _headPosition, grown, 0, available);
                while (available < count)
                {
                    var read = _inner.Read(grown, available, count - available);
                    if (read == 0) break;
                    available += read;
                }
                Array.Resize(ref grown, available);
                _head = grown;
                _headPosition = 0;
            }
            var result = new byte[Math.Min(count, _head.Length - _headPosition)];
            Buffer.BlockCopy(_head, _headPosition, result, 0, result.Length);
            return result;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_headPosition < _head.Length)
            {
                var n = Math.Min(count, _head.Length - _headPosition);
                Buffer.BlockCopy(_head, _headPosition, buffer, offset, n);
                _headPosition += n;
                return n == count ? n : n + _inner.Read(buffer, offset + n, count - n);
            }
            return _inner.Read(buffer, offset, count);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>Re-encodes a text reader's characters as UTF-8 bytes, a chunk at a time.</summary>
    internal sealed class Utf16ToUtf8Stream : ForwardReadStream
    {
        private readonly TextReader _reader;
        private readonly char[] _chars = new char[16 * 1024];
        private readonly Encoder _encoder = new UTF8Encoding(false).GetEncoder();
        private byte[] _pending = new byte[64 * 1024];
        private int _pendingStart;
        private int _pendingEnd;
        private bool _done;

        public Utf16ToUtf8Stream(TextReader reader) => _reader = reader;

        public override int Read(byte[] buffer, int offset, int count)
        {
            while (_pendingStart == _pendingEnd)
            {
                if (_done) return 0;
                var chars = _reader.Read(_chars, 0, _chars.Length);
                _done = chars == 0;
                _pendingStart = 0;
                _pendingEnd = _encoder.GetBytes(_chars, 0, chars, _pending, 0, flush: _done);
            }
            var n = Math.Min(count, _pendingEnd - _pendingStart);
            Buffer.BlockCopy(_pending, _pendingStart, buffer, offset, n);
            _pendingStart += n;
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _reader.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>A stream that can only be read forward: everything but Read is refused.</summary>
    internal abstract class ForwardReadStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
