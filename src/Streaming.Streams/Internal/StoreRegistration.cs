using Streaming.Streams.State;

namespace Streaming.Streams.Internal;

/// <summary>A store as declared: its name and how to make its builder (DSL stores resolve their serdes when the topology is built).</summary>
internal sealed record StoreRegistration(string Name, Func<IStoreBuilder> Builder);
