using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Streaming.Hosting.Consumers;

namespace Streaming.Hosting.Tests;

public sealed class PollLoopTests
{
    [Fact]
    public async Task PollLoop_RetriableFaultWhilePolling_BacksOffExponentiallyThenConsumes()
    {
        using var dir = new TempDirectory();
        var time = new TimerSignalingTimeProvider(DateTimeOffset.UtcNow);
        var handled = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var probe = new Probe
        {
            OnRecord = (r, _) =>
            {
                handled.TrySetResult(r.Message.Value);
                return default;
            },
        };
        InterceptingTransport? transport = null;
        await using var host = await TestHost.StartAsync(dir.Path,
            s => s.AddTopic("orders").AddConsumer<StringHandler>("orders", "billing"),
            services =>
            {
                services.AddSingleton(probe).AddSingleton<TimeProvider>(time);
                transport = InterceptingTransport.Register(services, dir.Path);
            });

        // The next three polls fail with a retriable fault, each noted with the fake time it happened at.
        var faults = new ConcurrentQueue<DateTimeOffset>();
        using var faulted = new SemaphoreSlim(0);
        int remaining = 3;
        transport!.BeforeConsume = () =>
        {
            if (Interlocked.Decrement(ref remaining) < 0) return;
            faults.Enqueue(time.GetUtcNow());
            faulted.Release();
            throw new RetriableException(ErrorCode.RequestTimedOut, "connection to the broker lost");
        };
        await host.ProduceAsync("orders", 0, "k", "after the faults");

        var start = time.GetUtcNow();
        // Backoffs of 100, 200 and 400 ms: the loop polls again only once the fake clock has moved by the backoff.
        foreach (int delayMs in new[] { 100, 200, 400 })
        {
            Assert.True(await faulted.WaitAsync(TestHost.Timeout));
            await time.WaitForTimerAsync(TimeSpan.FromMilliseconds(delayMs)); // the loop is waiting out its backoff
            time.Advance(TimeSpan.FromMilliseconds(delayMs));
        }
        Assert.Equal([start, start.AddMilliseconds(100), start.AddMilliseconds(300)], faults);
        Assert.Equal("after the faults", await handled.Task.WaitAsync(TestHost.Timeout));
        var worker = Assert.Single(host.Services.GetRequiredService<ConsumerWorkerRegistry>().Workers);
        Assert.Equal(ConsumerWorkerState.Running, worker.State);
    }

    /// <summary>A fake clock that lets the test wait until someone waits on it (a timer with a given due time was created).</summary>
    private sealed class TimerSignalingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private readonly ConcurrentQueue<TimeSpan> _created = new();
        private readonly SemaphoreSlim _signal = new(0);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            _created.Enqueue(dueTime);
            _signal.Release();
            return timer;
        }

        public async Task WaitForTimerAsync(TimeSpan dueTime)
        {
            using var cts = new CancellationTokenSource(TestHost.Timeout);
            while (true)
            {
                while (_created.TryDequeue(out var created))
                {
                    if (created == dueTime) return;
                }
                await _signal.WaitAsync(cts.Token);
            }
        }
    }
}
