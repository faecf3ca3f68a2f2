using Streaming.Protocol.Messages;
using Xunit;

namespace Streaming.Protocol.Tests.Messages;

/// <summary>
/// Populated messages for every supported version, written from the spec independently of the codecs: a field the
/// version has gets a non-default value, a field it lacks keeps its default.
/// </summary>
public static partial class Samples
{
    public static readonly Guid TopicId = Guid.Parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

    public static readonly ReadOnlyMemory<byte> Batch = Enumerable.Range(0, 75).Select(i => (byte)(i * 7 + 3)).ToArray();

    public static IReadOnlyList<MessageCase> All { get; } = BuildAll();

    public static MessageCase Get(string name) => All.Single(c => c.Name == name);

    /// <summary>(case name, version) for every message and every supported version.</summary>
    public static TheoryData<string, short> EveryVersion()
    {
        var data = new TheoryData<string, short>();
        foreach (MessageCase c in All)
        {
            ApiVersionRange range = ApiVersionTable.Supported.Single(r => r.ApiKey == c.ApiKey);
            for (short v = range.MinVersion; v <= range.MaxVersion; v++) data.Add(c.Name, v);
        }
        return data;
    }

    private static NodeEndpoint Node(int id) => new() { NodeId = id, Host = "broker-" + id, Port = 9092 + id, Rack = id % 2 == 0 ? "rack-a" : null };

    private static List<MessageCase> BuildAll()
    {
        var all = new List<MessageCase>();
        AddCore(all);
        AddGroups(all);
        AddOffsets(all);
        AddAdmin(all);
        AddTransactions(all);
        return all;
    }

    static partial void AddGroups(List<MessageCase> all);

    static partial void AddAdmin(List<MessageCase> all);

    static partial void AddTransactions(List<MessageCase> all);
}
