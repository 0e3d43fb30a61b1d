import { expect } from '@esm-bundle/chai';
import { parseCard } from '../../src/model/card.js';

describe('parseCard', () => {
  it("reads Coze Studio's question card: title and options", () => {
    const info = JSON.stringify({
      card_type: 'QUESTION',
      question_card_data: { Title: 'Which city?', Options: [{ name: 'Beijing' }, { name: 'Shanghai' }] },
    });
    const card = parseCard(JSON.stringify({ card_type: 3, response_type: 'card', data: '{}', x_properties: { workflow_card_info: info } }));
    expect(card.title).to.equal('Which city?');
    expect(card.options).to.deep.equal(['Beijing', 'Shanghai']);
  });

  it("reads Coze Studio's input card: one field per entry", () => {
    const info = JSON.stringify({
      card_type: 'INPUT',
      input_card_data: [
        { type: 'string', name: 'city' },
        { type: 'string', name: 'date' },
      ],
    });
    const card = parseCard(JSON.stringify({ x_properties: { workflow_card_info: info } }));
    expect(card.fields).to.deep.equal(['city', 'date']);
  });

  it('finds the title, text, images and web links of an unknown template, and drops buttons with other URLs', () => {
    const card = parseCard(
      JSON.stringify({
        template_id: 1,
        data: JSON.stringify({
          header: { title: { content: 'Weather' } },
          elements: [
            { tag: 'text', text: { content: 'Sunny' } },
            { tag: 'img', img_url: 'https://example.com/sun.png', alt: 'Sun' },
            { tag: 'button', text: { content: 'Forecast' }, url: 'https://example.com/f' },
            { tag: 'button', text: { content: 'Evil' }, url: 'javascript:alert(1)' },
          ],
        }),
      }),
    );
    expect(card.title).to.equal('Weather');
    expect(card.texts).to.deep.equal(['Sunny']);
    expect(card.images).to.deep.equal([{ url: 'https://example.com/sun.png', alt: 'Sun' }]);
    expect(card.links).to.deep.equal([{ url: 'https://example.com/f', text: 'Forecast' }]);
  });

  it('shows content that is not JSON as text, never as raw markup', () => {
    expect(parseCard('just words').texts).to.deep.equal(['just words']);
    expect(parseCard('{broken').texts).to.deep.equal(['{broken']);
  });
});
