using Streaming.Streams;

namespace Streaming.Hosting.Topologies;

/// <summary>A topology added with <c>AddTopology</c>: its application id and the code that builds it.</summary>
internal sealed record TopologyRegistration(string ApplicationId, Action<StreamsBuilder, IServiceProvider> Build);
