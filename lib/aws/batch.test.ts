import { describe, expect, it } from 'vitest';
import { chunk, describeAsListed, inBatches } from './batch';

describe('chunk', () => {
  it('splits into batches of at most the size', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 10)).toEqual([]);
  });
});

describe('describeAsListed', () => {
  it('describes a page before the next page is listed, keeping the pages in order', async () => {
    const events: string[] = [];
    let release = () => {};
    const secondPageAsked = new Promise<void>((resolve) => (release = resolve));
    async function* pages() {
      events.push('page 1');
      yield ['a', 'b', 'c'];
      // The listing waits here until the first page's describes have started.
      await secondPageAsked;
      events.push('page 2');
      yield ['d'];
    }
    const result = describeAsListed(pages(), 2, async (batch) => {
      events.push(`describe ${batch.join('')}`);
      if (batch.includes('c')) release();
      await new Promise((resolve) => setTimeout(resolve, batch.includes('a') ? 20 : 1));
      return batch.map((id) => id.toUpperCase());
    });
    expect(await result).toEqual(['A', 'B', 'C', 'D']);
    expect(events).toEqual(['page 1', 'describe ab', 'describe c', 'page 2', 'describe d']);
  });

  it('runs at most 8 describe calls at once', async () => {
    let running = 0;
    let most = 0;
    async function* pages() {
      for (let page = 0; page < 5; page++) {
        await Promise.resolve();
        yield Array.from({ length: 40 }, (_, i) => page * 40 + i);
      }
    }
    const result = await describeAsListed(pages(), 10, async (batch) => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, 2));
      running--;
      return batch;
    });
    expect(result).toHaveLength(200);
    expect(result.slice(0, 3)).toEqual([0, 1, 2]);
    expect(most).toBe(8);
  });

  it('fails with the listing error once the started calls settle, none left unhandled', async () => {
    const settled: string[] = [];
    async function* pages() {
      yield ['a'];
      await new Promise((resolve) => setTimeout(resolve, 1));
      throw new Error('ListServices refused');
    }
    await expect(
      describeAsListed(pages(), 10, async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        settled.push('a');
        throw new Error('DescribeServices failed too');
      }),
    ).rejects.toThrow('ListServices refused');
    expect(settled).toEqual(['a']);
  });
});

describe('inBatches', () => {
  it('calls once per batch and flattens in order', async () => {
    const batches: number[][] = [];
    const out = await inBatches([1, 2, 3, 4, 5], 2, (batch) => {
      batches.push(batch);
      return Promise.resolve(batch.map((n) => n * 10));
    });
    expect(out).toEqual([10, 20, 30, 40, 50]);
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });
});
