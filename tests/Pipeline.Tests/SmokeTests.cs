namespace Pipeline.Tests; public class SmokeTests { [Fact] public void Smoke() => Assert.True(true); }
