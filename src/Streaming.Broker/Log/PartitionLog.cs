using System.Buffers;
using Streaming.Broker.Storage;
using Streaming.Protocol.Records;

namespace Streaming.Broker.Log;

/// <summary>
/// A partition's append-only log: ordered segments, one writer at a time (under <see cref="_lock"/>), readers lock-free
/// over an immutable snapshot of the segment list. Offsets are dense and assigned here.
/// </summary>
internal sealed partial class PartitionLog : IDisposable
{
    private readonly object _lock = new();
    private readonly IStorage _storage;
    private readonly TimeProvider _time;
    private LogSegment[] _segments;
    private long _logStartOffset;
    private long _logEndOffset;
    private long _flushedOffset;
    private long _firstUnstableOffset = -1;
    private TopicConfig _config;
    private IAppendListener[] _listeners = [];
    private readonly ProducerStateManager _producers;
    private StreamingException? _failure;
    private bool _closed;

    private PartitionLog(IStorage storage, string directory, TopicPartition topicPartition, TopicConfig config, TimeProvider time, LogSegment[] segments, bool cleanShutdown)
    {
        _storage = storage;
        Directory = directory;
        TopicPartition = topicPartition;
        _config = config;
        _time = time;
        _segments = segments;
        _logEndOffset = segments[^1].NextOffset;
        // DeleteRecords may have moved the start past the first segment's base; never past the end, though.
        _logStartOffset = Math.Clamp(OffsetCheckpointFile.Read(storage, directory, OffsetCheckpointFile.LogStart), segments[0].BaseOffset, Math.Max(segments[0].BaseOffset, _logEndOffset));
        _flushedOffset = _logEndOffset;
        _producers = LoadProducerState(storage, directory, segments, cleanShutdown);
        _firstUnstableOffset = _producers.FirstUnstableOffset;
    }

    public TopicPartition TopicPartition { get; }

    public string Directory { get; }

    public long LogStartOffset => Volatile.Read(ref _logStartOffset);

    /// <summary>The offset the next record will get; also the high watermark (one node, no replicas).</summary>
    public long LogEndOffset => Volatile.Read(ref _logEndOffset);

    /// <summary>
    /// The last stable offset: the first offset of the oldest open transaction, or the log end when none is open.
    /// read_committed consumers read below it only.
    /// </summary>
    public long LastStableOffset
    {
        get
        {
            long end = Volatile.Read(ref _logEndOffset);
            long unstable = Volatile.Read(ref _firstUnstableOffset);
            return unstable >= 0 && unstable < end ? unstable : end;
        }
    }

    /// <summary>Every offset below this is durable (fsynced).</summary>
    public long FlushedOffset => Volatile.Read(ref _flushedOffset);

    public int SegmentCount => Volatile.Read(ref _segments).Length;

    public long SizeInBytes => Volatile.Read(ref _segments).Sum(s => s.Size);

    public TopicConfig Config
    {
        get => Volatile.Read(ref _config);
        set => Volatile.Write(ref _config, value);
    }

    /// <summary>What recovery did when the log was opened.</summary>
    public RecoveryResult Recovery { get; private init; }

    /// <summary>
    /// Opens (or creates) the log in <paramref name="directory"/>. After an unclean stop (<paramref name="cleanShutdown"/> false)
    /// the last segment — the only one not fsynced when it was closed — is scanned, CRCs checked and a torn tail cut off.
    /// </summary>
    public static PartitionLog Open(IStorage storage, string directory, TopicPartition topicPartition, TopicConfig config, TimeProvider time, bool cleanShutdown)
    {
        storage.CreateDirectory(directory);
        LogSegment.RecoverInterruptedCleaning(storage, directory);
        var now = time.GetUtcNow();
        var baseOffsets = storage.EnumerateFiles(directory, "*.log")
            .Select(f => long.TryParse(Path.GetFileNameWithoutExtension(f), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long b) ? b : -1)
            .Where(b => b >= 0)
            .Order()
            .ToList();
        var segments = new List<LogSegment>();
        long truncated = 0;
        bool rebuilt = false;
        try
        {
            for (int i = 0; i < baseOffsets.Count; i++)
            {
                bool last = i == baseOffsets.Count - 1;
                var segment = LogSegment.Open(storage, directory, baseOffsets[i], config.IndexIntervalBytes, now, recover: last && !cleanShutdown, out var result);
                truncated += result.TruncatedBytes;
                rebuilt |= result.IndexesRebuilt;
                if (segments.Count > 0 && segment.BaseOffset < segments[^1].NextOffset)
                {
                    // Overlapping segments cannot come from this broker; refuse rather than serve a log with duplicate offsets.
                    segment.Dispose();
                    throw new StorageException($"segment {segment.LogPath} overlaps the one before it (its base offset {segment.BaseOffset} is below {segments[^1].NextOffset})");
                }
                segments.Add(segment);
                // A closed segment's index files are written only when it rolls: write rebuilt ones back now, or every
                // later start would rebuild them again with a full scan.
                if (!last && result.IndexesRebuilt) segment.FlushAll();
                if (!last && segment.NextOffset < baseOffsets[i + 1])
                {
                    // This segment ends short of the next one (its tail was lost or cut): the offsets after it are not
                    // contiguous, and a log end past missing offsets would stall readers. As Kafka's recovery does,
                    // the segments after it go, so the log stays dense and ends at its last whole batch.
                    for (int j = i + 1; j < baseOffsets.Count; j++) truncated += DeleteSegmentFiles(storage, directory, baseOffsets[j]);
                    break;
                }
            }
            if (segments.Count == 0) segments.Add(LogSegment.Create(storage, directory, 0, config.IndexIntervalBytes, now));
        }
        catch
        {
            foreach (var s in segments) s.Dispose();
            throw;
        }
        return new PartitionLog(storage, directory, topicPartition, config, time, [.. segments], cleanShutdown)
        {
            Recovery = new RecoveryResult(truncated, rebuilt),
            CleanerCheckpoint = OffsetCheckpointFile.Read(storage, directory, OffsetCheckpointFile.Cleaner),
        };
    }

    /// <summary>Deletes a segment's files that were never opened; returns the bytes of its log.</summary>
    private static long DeleteSegmentFiles(IStorage storage, string directory, long baseOffset)
    {
        long bytes = 0;
        foreach (var extension in (ReadOnlySpan<string>)[".log", ".index", ".timeindex", ".txnindex"])
        {
            string path = Path.Combine(directory, LogSegment.FileName(baseOffset, extension));
            if (!storage.FileExists(path)) continue;
            if (extension == ".log")
            {
                using var file = storage.Open(path, create: false);
                bytes = file.Length;
            }
            storage.DeleteFile(path);
        }
        return bytes;
    }

    public void AddListener(IAppendListener listener)
    {
        lock (_lock) _listeners = [.. _listeners, listener];
    }

    public void RemoveListener(IAppendListener listener)
    {
        lock (_lock) _listeners = _listeners.Where(l => !ReferenceEquals(l, listener)).ToArray();
    }

    /// <summary>
    /// Checks one RecordBatch v2, gives it the next offsets (rewriting its baseOffset in place) and writes it.
    /// Acknowledges nothing about durability: see <see cref="FlushedOffset"/> and the group committer.
    /// </summary>
    /// <exception cref="CorruptRecordException">The batch is malformed or its CRC does not match.</exception>
    /// <exception cref="RecordTooLargeException">The batch is larger than <c>max.message.bytes</c>.</exception>
    /// <exception cref="StorageException">The write failed; the partition is offline until the broker restarts.</exception>
    /// <exception cref="InvalidProducerEpochException">An idempotent producer's batch carries an epoch older than its current one.</exception>
    /// <exception cref="OutOfOrderSequenceException">An idempotent producer's batch does not follow its last sequence.</exception>
    /// <remarks>
    /// A batch of an idempotent producer that repeats one of its last 5 batches is a retry: it is not written again, and
    /// the original batch's offsets are returned.
    /// </remarks>
    public AppendInfo Append(Span<byte> batch)
    {
        var config = Config;
        var validation = RecordBatch.Validate(batch, out var header);
        if (validation != BatchValidation.Valid)
            throw new Streaming.CorruptRecordException($"batch for {TopicPartition} rejected: {validation}");
        if (header.TotalSize != batch.Length)
            throw new Streaming.CorruptRecordException($"batch for {TopicPartition} rejected: {batch.Length - header.TotalSize} bytes after the batch");
        if (!header.IsControl && header.RecordsCount != header.LastOffsetDelta + 1)
            throw new Streaming.CorruptRecordException($"batch for {TopicPartition} rejected: {header.RecordsCount} records but lastOffsetDelta {header.LastOffsetDelta}");
        if (batch.Length > config.MaxMessageBytes)
            throw new RecordTooLargeException($"a batch of {batch.Length} bytes is larger than max.message.bytes ({config.MaxMessageBytes}) of topic '{TopicPartition.Topic}'");
        if (header.IsControl)
            throw new InvalidRecordException($"batch for {TopicPartition} rejected: control batches (transaction markers) are written by the transaction coordinator only");
        if (header.IsTransactional && header.ProducerId < 0)
            throw new InvalidRecordException($"batch for {TopicPartition} rejected: a transactional batch needs a producer id");
        if (config.Compact) RequireKeys(batch, header);

        IAppendListener[] listeners;
        AppendInfo info;
        bool idempotent = header.ProducerId >= 0;
        lock (_lock)
        {
            if (_failure is not null) throw _failure;
            if (idempotent && _producers.CheckAppend(TopicPartition, header, out var original))
            {
                // A retry of a batch already in the log (its acknowledgement was lost): answer as the first time, write nothing.
                RecordBatch.WriteBaseOffset(batch, original.FirstOffset);
                return new AppendInfo(original.FirstOffset, original.LastOffset, _logStartOffset);
            }
            long baseOffset = _logEndOffset;
            long lastOffset = baseOffset + header.LastOffsetDelta;
            RecordBatch.WriteBaseOffset(batch, baseOffset);
            var active = _segments[^1];
            var now = _time.GetUtcNow();
            if (active.Size > 0 && (active.Size + batch.Length > config.SegmentBytes
                                    || now - active.Created >= TimeSpan.FromMilliseconds(config.SegmentMs)
                                    || lastOffset - active.BaseOffset > int.MaxValue))
            {
                active = Roll();
            }
            try
            {
                active.Append(batch, baseOffset, lastOffset, header.MaxTimestamp);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw Fail(ex);
            }
            // The first unstable offset is published before the log end, and readers load them the other way round (see
            // LastStableOffset): a reader that sees this batch in the log end also sees its open transaction.
            if (idempotent)
            {
                _producers.Update(header, baseOffset, lastOffset, now.ToUnixTimeMilliseconds());
                Volatile.Write(ref _firstUnstableOffset, _producers.FirstUnstableOffset);
            }
            Volatile.Write(ref _logEndOffset, lastOffset + 1);
            listeners = _listeners;
            info = new AppendInfo(baseOffset, lastOffset, _logStartOffset);
        }
        foreach (var listener in listeners) listener.OnAppend(this);
        return info;
    }

    private StreamingException Fail(Exception ex)
    {
        _failure = new StorageException($"partition {TopicPartition} is offline after a storage failure: {ex.Message}", ex);
        return _failure;
    }

    /// <summary>Closes the active segment durably (log fsynced, indexes written) and opens the next. Under the lock.</summary>
    private LogSegment Roll()
    {
        var old = _segments[^1];
        try
        {
            old.FlushAll();
            var next = LogSegment.Create(_storage, Directory, _logEndOffset, Config.IndexIntervalBytes, _time.GetUtcNow());
            _segments = [.. _segments, next];
            AdvanceFlushed(_logEndOffset);
            return next;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Fail(ex);
        }
    }

    /// <summary>
    /// Makes every append so far durable (fsync of the active segment; older ones were synced when rolled) and returns
    /// the new <see cref="FlushedOffset"/>. Called by the group committer, outside the append lock, so appends go on.
    /// </summary>
    public long Flush()
    {
        LogSegment active;
        long target;
        lock (_lock)
        {
            if (_failure is not null) throw _failure;
            active = _segments[^1];
            target = _logEndOffset;
        }
        if (target <= FlushedOffset) return FlushedOffset;
        try
        {
            active.FlushLog();
        }
        catch (ObjectDisposedException)
        {
            // Rolled and deleted meanwhile: rolling synced it.
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            lock (_lock) throw Fail(ex);
        }
        AdvanceFlushed(target);
        return FlushedOffset;
    }

    private void AdvanceFlushed(long offset)
    {
        long current;
        do
        {
            current = Volatile.Read(ref _flushedOffset);
            if (offset <= current) return;
        } while (Interlocked.CompareExchange(ref _flushedOffset, offset, current) != current);
    }

    /// <summary>
    /// Copies whole batches starting with the one that holds <paramref name="offset"/> into <paramref name="destination"/>.
    /// The first batch may start before <paramref name="offset"/>; readers skip what they have. Never blocks on appends.
    /// </summary>
    public ReadResult Read(long offset, Span<byte> destination) => Read(offset, destination, long.MaxValue);

    /// <summary>
    /// As <see cref="Read(long, Span{byte})"/>, but only batches that start below <paramref name="maxOffset"/> (the last
    /// stable offset for read_committed): an offset between it and the log end is valid and reads nothing yet.
    /// </summary>
    public ReadResult Read(long offset, Span<byte> destination, long maxOffset)
    {
        while (true)
        {
            var segments = Volatile.Read(ref _segments);
            long start = LogStartOffset;
            long end = LogEndOffset;
            if (offset < start || offset > end) return new ReadResult(ErrorCode.OffsetOutOfRange, 0, 0, start, end);
            if (offset >= Math.Min(end, maxOffset) || destination.IsEmpty) return new ReadResult(ErrorCode.None, 0, 0, start, end);
            try
            {
                for (int i = FindSegment(segments, offset); i < segments.Length; i++)
                {
                    var segment = segments[i];
                    long position = segment.FindPosition(offset);
                    if (position < 0) continue;
                    int n = segment.Read(position, destination);
                    // The segment file may already hold a batch whose offsets are not published yet (an append writes the
                    // file, then the producer state, then the log end): only batches that start below the end read above go.
                    int whole = WholeBatches(destination[..n], Math.Min(end, maxOffset), out int firstSize);
                    if (whole == 0 && firstSize > destination.Length) return new ReadResult(ErrorCode.None, 0, firstSize, start, end);
                    return new ReadResult(ErrorCode.None, whole, 0, start, end);
                }
                return new ReadResult(ErrorCode.None, 0, 0, start, end);
            }
            catch (ObjectDisposedException)
            {
                // The segment was deleted by retention while we read it: look again with the new log start — unless the
                // whole log was closed or deleted, which no retry can get past.
                lock (_lock)
                {
                    if (_closed) throw _failure!;
                }
            }
        }
    }

    private static int FindSegment(LogSegment[] segments, long offset)
    {
        int lo = 0, hi = segments.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >> 1;
            if (segments[mid].BaseOffset <= offset) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    private static int WholeBatches(ReadOnlySpan<byte> bytes, long maxOffset, out int firstSize)
    {
        firstSize = 0;
        int position = 0;
        while (true)
        {
            int size = RecordBatch.PeekTotalSize(bytes[position..]);
            if (position == 0) firstSize = size;
            if (size <= 0 || position + size > bytes.Length) return position;
            // The log end and the last stable offset are always batch boundaries (the latter the first batch of an open
            // transaction).
            if (System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(bytes[position..]) >= maxOffset)
                return position;
            position += size;
        }
    }

    /// <summary>The first offset whose record timestamp is at or after <paramref name="timestamp"/>, or null when there is none.</summary>
    public long? OffsetForTimestamp(long timestamp) => FindByTimestamp(timestamp)?.Offset;

    /// <summary>The first record whose timestamp is at or after <paramref name="timestamp"/>: its offset and timestamp, or null.</summary>
    public (long Offset, long Timestamp)? FindByTimestamp(long timestamp)
    {
        while (true)
        {
            var segments = Volatile.Read(ref _segments);
            long start = LogStartOffset;
            long end = LogEndOffset;
            try
            {
                foreach (var segment in segments)
                {
                    if (segment.MaxTimestamp < timestamp) continue;
                    long position = segment.FindPositionForTimestamp(timestamp);
                    if (position < 0) continue;
                    var found = ScanForTimestamp(segment, position, timestamp, end);
                    if (found is { } record) return (Math.Max(record.Offset, start), record.Timestamp);
                }
                return null;
            }
            catch (ObjectDisposedException)
            {
                // Deleted by retention or replaced by its cleaned copy while we read it: look again in the new list.
                lock (_lock)
                {
                    if (_closed) throw _failure!;
                }
            }
        }
    }

    /// <summary>Scans batches from <paramref name="position"/>; batches at or past <paramref name="end"/> (appends not yet published) are not looked at.</summary>
    private static (long Offset, long Timestamp)? ScanForTimestamp(LogSegment segment, long position, long timestamp, long end)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var decompressed = new ArrayBufferWriter<byte>();
        try
        {
            while (true)
            {
                int n = segment.Read(position, buffer);
                if (n < RecordBatchHeader.Size) return null;
                int size = RecordBatch.PeekTotalSize(buffer);
                if (size > buffer.Length)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = ArrayPool<byte>.Shared.Rent(size);
                    continue;
                }
                if (size <= 0 || size > n) return null;
                var header = RecordBatchHeader.Read(buffer);
                if (header.BaseOffset >= end) return null;
                if (header.MaxTimestamp >= timestamp && !header.IsControl)
                {
                    ReadOnlySpan<byte> records = buffer.AsSpan(RecordBatchHeader.Size, size - RecordBatchHeader.Size);
                    if (header.Compression != Streaming.Protocol.Records.CompressionType.None)
                    {
                        decompressed.ResetWrittenCount();
                        RecordCompression.Decompress(header.Compression, records, decompressed);
                        records = decompressed.WrittenSpan;
                    }
                    var reader = new RecordReader(header, records);
                    while (reader.TryRead(out var record))
                        if (record.Timestamp >= timestamp) return (record.Offset, record.Timestamp);
                }
                position += size;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The largest record timestamp in the log, or -1 when it is empty (ListOffsets' MAX_TIMESTAMP).</summary>
    public long MaxTimestamp => Volatile.Read(ref _segments).Max(static s => s.MaxTimestamp);

    /// <summary>
    /// Deletes whole segments older than <c>retention.ms</c> (by their largest timestamp) or beyond <c>retention.bytes</c>,
    /// oldest first, and moves the log start offset — only when <c>cleanup.policy</c> includes <c>delete</c>. Returns how
    /// many segments went.
    /// </summary>
    public int ApplyRetention(DateTimeOffset now)
    {
        var config = Config;
        if (!config.Delete) return 0;
        var doomed = new List<LogSegment>();
        lock (_lock)
        {
            if (_failure is not null) return 0;
            var segments = _segments;
            int keepFrom = 0;
            if (config.RetentionMs >= 0)
            {
                long cutoff = now.ToUnixTimeMilliseconds() - config.RetentionMs;
                while (keepFrom < segments.Length && segments[keepFrom].Size > 0 && segments[keepFrom].MaxTimestamp < cutoff) keepFrom++;
            }
            if (config.RetentionBytes >= 0)
            {
                long size = segments.Skip(keepFrom).Sum(s => s.Size);
                while (keepFrom < segments.Length - 1 && size - segments[keepFrom].Size >= config.RetentionBytes)
                {
                    size -= segments[keepFrom].Size;
                    keepFrom++;
                }
            }
            if (keepFrom == 0) return 0;
            if (keepFrom == segments.Length)
            {
                // Everything expired, the active segment too: roll so the log keeps a (new, empty) active segment.
                Roll();
                segments = _segments;
            }
            doomed.AddRange(segments[..keepFrom]);
            _segments = segments[keepFrom..];
            Volatile.Write(ref _logStartOffset, Math.Max(_logStartOffset, _segments[0].BaseOffset));
        }
        foreach (var segment in doomed) segment.Delete();
        return doomed.Count;
    }

    /// <summary>
    /// DeleteRecords: moves the log start offset up to <paramref name="offset"/> (never back), durably (checkpointed and
    /// fsynced before it takes effect), and deletes the segments that end below it. Returns the new log start offset.
    /// </summary>
    /// <exception cref="OffsetOutOfRangeException"><paramref name="offset"/> is negative or past the log end.</exception>
    public long DeleteRecordsBefore(long offset)
    {
        var doomed = new List<LogSegment>();
        long start;
        lock (_lock)
        {
            if (_failure is not null) throw _failure;
            if (offset < 0 || offset > _logEndOffset)
                throw new OffsetOutOfRangeException($"cannot delete the records of {TopicPartition} before offset {offset}: it must be between 0 and the log end offset {_logEndOffset}");
            if (offset <= _logStartOffset) return _logStartOffset;
            try
            {
                OffsetCheckpointFile.Write(_storage, Directory, OffsetCheckpointFile.LogStart, offset);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw Fail(ex);
            }
            Volatile.Write(ref _logStartOffset, offset);
            var segments = _segments;
            int keepFrom = 0;
            while (keepFrom < segments.Length - 1 && segments[keepFrom].NextOffset <= offset) keepFrom++;
            doomed.AddRange(segments[..keepFrom]);
            _segments = segments[keepFrom..];
            start = offset;
        }
        foreach (var segment in doomed) segment.Delete();
        return start;
    }

    /// <summary>Closes the log. A clean close makes everything durable and writes the indexes, so the next open is fast.</summary>
    public void Close(bool clean)
    {
        lock (_lock)
        {
            if (_closed) return;
            _closed = true;
            var segments = _segments;
            try
            {
                if (clean && _failure is null)
                {
                    segments[^1].FlushAll();
                    WriteProducerSnapshot();
                }
            }
            finally
            {
                // Even when the final flush fails: no append may reach a closed log, and its files are released.
                foreach (var segment in segments) segment.Dispose();
                _failure ??= new StorageException($"partition {TopicPartition} is closed");
            }
        }
    }

    /// <summary>Closes the log and deletes its directory.</summary>
    public void Delete()
    {
        lock (_lock)
        {
            _closed = true;
            foreach (var segment in _segments) segment.Dispose();
            _failure = new UnknownTopicOrPartitionException($"partition {TopicPartition} was deleted");
        }
        _storage.DeleteDirectory(Directory);
    }

    public void Dispose() => Close(clean: true);
}
