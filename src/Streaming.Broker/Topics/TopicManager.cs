using System.Collections.Concurrent;
using System.Text.Json;
using Streaming.Broker.Log;
using Streaming.Broker.Storage;

namespace Streaming.Broker.Topics;

/// <summary>
/// The broker's topics: creation, deletion, partition growth and configs, stored as one JSON file per topic under
/// <c>topics/</c> (written to a temporary file, fsynced, then renamed over the old one), with partition logs in
/// <c>&lt;topic&gt;-&lt;partition&gt;/</c> directories as Kafka lays them out.
/// </summary>
internal sealed class TopicManager : IDisposable
{
    /// <summary>Partition directories are named topic-partition; this keeps the name within 255 bytes.</summary>
    public const int MaxPartitions = 100_000;

    private readonly ConcurrentDictionary<string, Topic> _topics = new(StringComparer.Ordinal);
    private readonly object _mutation = new();
    private readonly IStorage _storage;
    private readonly string _dataDirectory;
    private readonly string _metadataDirectory;
    private readonly TimeProvider _time;
    private readonly IReadOnlyDictionary<string, string> _defaults;

    public TopicManager(IStorage storage, string dataDirectory, TimeProvider time, IReadOnlyDictionary<string, string> defaults, bool cleanShutdown)
    {
        _storage = storage;
        _dataDirectory = dataDirectory;
        _metadataDirectory = Path.Combine(dataDirectory, "topics");
        _time = time;
        _defaults = defaults;
        _storage.CreateDirectory(_metadataDirectory);
        Load(cleanShutdown);
    }

    /// <summary>Bytes cut from torn or corrupt segment tails while loading.</summary>
    public long RecoveredTruncatedBytes { get; private set; }

    /// <summary>Partitions in which at least one segment's indexes had to be rebuilt while loading.</summary>
    public int RebuiltIndexes { get; private set; }

    public IEnumerable<Topic> All => _topics.Values;

    private void Load(bool cleanShutdown)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in _storage.EnumerateFiles(_metadataDirectory, "*.json").Order(StringComparer.Ordinal))
        {
            var metadata = ReadMetadata(file);
            var config = TopicConfig.Parse(metadata.Configs, _defaults);
            var partitions = new PartitionLog[metadata.Partitions];
            for (int p = 0; p < partitions.Length; p++)
            {
                var log = PartitionLog.Open(_storage, PartitionDirectory(metadata.Name, p), new TopicPartition(metadata.Name, p), config, _time, cleanShutdown);
                RecoveredTruncatedBytes += log.Recovery.TruncatedBytes;
                if (log.Recovery.IndexesRebuilt) RebuiltIndexes++;
                partitions[p] = log;
                known.Add(Path.GetFileName(log.Directory));
            }
            _topics[metadata.Name] = new Topic(metadata.Name, metadata.TopicId, config, partitions);
        }

        // A partition directory with no topic file is what an interrupted create or delete leaves behind.
        foreach (var dir in _storage.EnumerateDirectories(_dataDirectory))
        {
            string name = Path.GetFileName(dir);
            if (name == "topics" || known.Contains(name)) continue;
            int dash = name.LastIndexOf('-');
            if (dash > 0 && dash < name.Length - 1 && name.AsSpan(dash + 1).ContainsAnyExceptInRange('0', '9') == false)
                _storage.DeleteDirectory(dir);
        }
    }

    private TopicMetadata ReadMetadata(string file)
    {
        using var handle = _storage.Open(file, create: false);
        var bytes = new byte[handle.Length];
        handle.Read(0, bytes);
        try
        {
            return JsonSerializer.Deserialize<TopicMetadata>(bytes) ?? throw new JsonException("empty");
        }
        catch (JsonException ex)
        {
            throw new StorageException($"topic metadata file '{file}' is unreadable: {ex.Message}", ex);
        }
    }

    private void WriteMetadata(Topic topic, int partitions)
    {
        var metadata = new TopicMetadata(topic.Name, topic.Id, partitions, new Dictionary<string, string>(topic.Config.Overrides));
        string path = MetadataPath(topic);
        string temp = path + ".tmp";
        using (var file = _storage.Open(temp, create: true))
        {
            file.Truncate(0);
            file.Write(0, JsonSerializer.SerializeToUtf8Bytes(metadata));
            file.Flush();
        }
        _storage.Move(temp, path);
    }

    // Named by topic id: a 249-character name plus an extension would not fit in a file name.
    private string MetadataPath(Topic topic) => Path.Combine(_metadataDirectory, topic.Id.ToString("N") + ".json");

    private string PartitionDirectory(string topic, int partition) => Path.Combine(_dataDirectory, $"{topic}-{partition}");

    /// <summary>Creates a topic.</summary>
    public Topic Create(string name, int partitions, IReadOnlyDictionary<string, string>? configs = null)
    {
        TopicNames.Validate(name);
        ValidatePartitionCount(name, partitions);
        var config = TopicConfig.Parse(configs ?? new Dictionary<string, string>(), _defaults);
        lock (_mutation)
        {
            if (_topics.ContainsKey(name)) throw new TopicAlreadyExistsException($"topic '{name}' already exists");
            foreach (var existing in _topics.Keys)
            {
                // Kafka refuses names that collide once '.' and '_' are treated alike (metric names would clash).
                if (existing.Replace('.', '_') == name.Replace('.', '_'))
                    throw new InvalidTopicException($"topic '{name}' collides with existing topic '{existing}': '.' and '_' are treated alike");
            }
            var logs = new List<PartitionLog>(partitions);
            try
            {
                for (int p = 0; p < partitions; p++)
                    logs.Add(PartitionLog.Open(_storage, PartitionDirectory(name, p), new TopicPartition(name, p), config, _time, cleanShutdown: true));
                var topic = new Topic(name, Guid.NewGuid(), config, [.. logs]);
                WriteMetadata(topic, partitions);
                _topics[name] = topic;
                return topic;
            }
            catch
            {
                foreach (var log in logs) log.Delete();
                throw;
            }
        }
    }

    private static void ValidatePartitionCount(string topic, int partitions)
    {
        if (partitions <= 0) throw new InvalidPartitionsException($"topic '{topic}': the number of partitions must be at least 1, got {partitions}");
        if (partitions > MaxPartitions) throw new InvalidPartitionsException($"topic '{topic}': at most {MaxPartitions} partitions are supported, got {partitions}");
    }

    public bool TryGet(string name, out Topic topic) => _topics.TryGetValue(name, out topic!);

    /// <summary>The topic, or <see cref="UnknownTopicOrPartitionException"/>.</summary>
    public Topic Get(string name)
        => _topics.TryGetValue(name, out var topic) ? topic : throw new UnknownTopicOrPartitionException($"topic '{name}' does not exist");

    /// <summary>The partition's log, or <see cref="UnknownTopicOrPartitionException"/>.</summary>
    public PartitionLog GetPartition(TopicPartition tp)
    {
        var partitions = Get(tp.Topic).Partitions;
        if ((uint)tp.Partition >= (uint)partitions.Length)
            throw new UnknownTopicOrPartitionException($"topic '{tp.Topic}' has {partitions.Length} partitions; partition {tp.Partition} does not exist");
        return partitions[tp.Partition];
    }

    /// <summary>The topic, created with the default partition count when <paramref name="autoCreate"/> allows.</summary>
    public Topic GetOrCreate(string name, bool autoCreate, int defaultPartitions)
    {
        if (_topics.TryGetValue(name, out var topic)) return topic;
        if (!autoCreate) throw new UnknownTopicOrPartitionException($"topic '{name}' does not exist and auto.create.topics.enable is false");
        try
        {
            return Create(name, defaultPartitions);
        }
        catch (TopicAlreadyExistsException)
        {
            return Get(name);
        }
    }

    /// <summary>Deletes a topic and its data.</summary>
    public void Delete(string name)
    {
        lock (_mutation)
        {
            var topic = Get(name);
            _storage.DeleteFile(MetadataPath(topic));
            _topics.TryRemove(name, out _);
            topic.IsDeleted = true;
            foreach (var log in topic.Partitions) log.Delete();
        }
    }

    /// <summary>Raises the partition count; lowering it is refused.</summary>
    public void AddPartitions(string name, int newCount)
    {
        lock (_mutation)
        {
            var topic = Get(name);
            var current = topic.Partitions;
            if (newCount <= current.Length)
            {
                throw new InvalidPartitionsException(newCount == current.Length
                    ? $"topic '{name}' already has {newCount} partitions"
                    : $"topic '{name}' has {current.Length} partitions: partitions can be added, never removed (asked for {newCount})");
            }
            ValidatePartitionCount(name, newCount);
            var logs = new PartitionLog[newCount];
            current.CopyTo(logs, 0);
            for (int p = current.Length; p < newCount; p++)
                logs[p] = PartitionLog.Open(_storage, PartitionDirectory(name, p), new TopicPartition(name, p), topic.Config, _time, cleanShutdown: true);
            WriteMetadata(topic, newCount);
            topic.Partitions = logs;
        }
    }

    /// <summary>Sets or removes (null) config overrides; the result is checked before anything changes.</summary>
    public void AlterConfigs(string name, IReadOnlyDictionary<string, string?> changes)
    {
        lock (_mutation)
        {
            var topic = Get(name);
            var overrides = new Dictionary<string, string>(topic.Config.Overrides);
            foreach (var (key, value) in changes)
            {
                if (value is null) overrides.Remove(key);
                else overrides[key] = value;
            }
            topic.Config = TopicConfig.Parse(overrides, _defaults);
            WriteMetadata(topic, topic.Partitions.Length);
        }
    }

    /// <summary>The effective configs of a topic.</summary>
    public IEnumerable<ConfigEntry> DescribeConfigs(string name) => Get(name).Config.Describe(_defaults);

    /// <summary>Runs retention on every partition; returns the segments deleted.</summary>
    public int ApplyRetention(DateTimeOffset now)
    {
        int deleted = 0;
        foreach (var topic in _topics.Values)
            foreach (var log in topic.Partitions)
                deleted += log.ApplyRetention(now);
        return deleted;
    }

    /// <summary>Closes every log; a clean close makes them durable with their indexes written.</summary>
    public void Close(bool clean)
    {
        Exception? first = null;
        foreach (var topic in _topics.Values)
        {
            foreach (var log in topic.Partitions)
            {
                try
                {
                    log.Close(clean);
                }
                catch (Exception ex) when (ex is IOException or StreamingException)
                {
                    first ??= ex; // close the other logs all the same
                }
            }
        }
        if (first is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
    }

    public void Dispose() => Close(clean: true);
}
