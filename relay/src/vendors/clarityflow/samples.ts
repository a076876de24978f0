/** Raw Clarityflow envelopes, as the vendor sends them (copied from shared/fixtures/vendors/clarityflow). */
export const conversationCreated = {
  type: 'conversation_created',
  id: 'f6689254-9d5f-43b0-9de1-125a6ca639f1',
  occurred_at: '2026-03-03T14:23:59.799+00:00',
  payload: {
    conversation: {
      id: 4812,
      created_at: '2026-03-03 14:23:1772547839',
      title: 'March 3rd, 2026 Conversation',
      slug: 'march-3rd-2026-conversation',
      url: 'http://northwindcoaching.clarityflow.com/c/march-3rd-2026-conversation',
      embed_url: 'http://northwindcoaching.clarityflow.com/embeds/conversations/northwindcoaching/march-3rd-2026-conversation',
      public: true,
      anyone_can_post: true,
      allow_anonymous_messages: true,
      allow_search_engines: false,
      enable_registration_prompt: true,
      subscriber_emails: [],
      messages: [],
      workflow: {},
    },
  },
};

export const messageCreated = {
  type: 'message_created',
  id: 'c6ec4301-8d97-4c53-8dff-06947ff750ca',
  occurred_at: '2026-03-03T14:24:14.196+00:00',
  payload: {
    message: {
      id: 91730,
      conversation_title: 'March 3rd, 2026 Conversation',
      message_type: 'text',
      recorded_duration_seconds: null,
      message_url: 'http://northwindcoaching.clarityflow.com/c/march-3rd-2026-conversation#message-91730',
      message_embed_url: 'http://northwindcoaching.clarityflow.com/embeds/messages/northwindcoaching/91730?conversation_slug=march-3rd-2026-conversation',
      text: '<div class="trix-content">\n  <div>Hi Priya, thanks for the intake form. Quick question about your goals for Q2?</div>\n</div>',
      message_created_time: '2026-03-03 14:24:1772547853',
      author: {
        first_name: 'Jordan',
        last_name: 'Reyes',
        full_name: 'Jordan Reyes',
        email: 'jordan@northwindcoaching.example',
      },
      download_media_url: null,
      access_media_file: 'https://zipmessage.com/91730/download_media',
      workflow: {},
    },
  },
};

export const messagePlayed = {
  type: 'message_played',
  id: 'abfe656b-cb51-4540-af32-a8e8b954221b',
  occurred_at: '2026-03-03T14:25:47.585+00:00',
  payload: {
    message: {
      id: 91688,
      conversation_title: 'Conversation with Priya Natarajan',
      message_type: 'screencamera',
      recorded_duration_seconds: 97,
      message_url: 'http://northwindcoaching.clarityflow.com/c/conversation-with-priya-natarajan#message-91688',
      message_embed_url: 'http://northwindcoaching.clarityflow.com/embeds/messages/northwindcoaching/91688?conversation_slug=conversation-with-priya-natarajan',
      text: '',
      message_created_time: '2026-03-01 18:02:1772388179',
      author: {
        first_name: 'Jordan',
        last_name: 'Reyes',
        full_name: 'Jordan Reyes',
        email: 'jordan@northwindcoaching.example',
      },
      download_media_url: 'https://zipmessage-production-input.s3.amazonaws.com/q8m2x7k4v1c9d0a3f5h6j8?response-content-disposition=attachment%3B%20filename%3D%22recording.webm%22%3B%20filename%2A%3DUTF-8%27%27recording.webm&response-content-type=video%2Fwebm&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLEEXAMPLE00%2F20260303%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20260303T142548Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature=0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0',
      access_media_file: 'https://zipmessage.com/91688/download_media',
      workflow: {},
    },
  },
};

export const newAppointment = {
  type: 'new_appointment',
  id: '0b6f7d1e-52a4-4f0c-8c3e-9a7d5e2b1c40',
  occurred_at: '2026-03-03T11:23:59.799-05:00',
  payload: {
    appointment: {
      id: 2207,
      title: 'Discovery Call (30 min)',
      start_time: '2026-03-10T15:00:00.000-05:00',
      end_time: '2026-03-10T15:30:00.000-05:00',
      time_zone: 'America/Chicago',
      attendee_name: 'Priya Natarajan',
      attendee_email: 'priya.natarajan@example.com',
      host_email: 'jordan@northwindcoaching.example',
      conversation_url: 'http://northwindcoaching.clarityflow.com/c/conversation-with-priya-natarajan',
      created_at: '2026-03-03 16:23:1772555039',
    },
  },
};

export const newPurchase = {
  type: 'new_purchase',
  id: '5e8a1c3d-7f29-4b6e-a0d4-1c9b8e7f6a52',
  occurred_at: '2026-03-03T19:35:59.799+00:00',
  payload: {
    purchase: {
      id: 318,
      product_id: 44,
      product_name: '1:1 Coaching — 4 session pack',
      amount: 480.0,
      currency: 'usd',
      buyer_name: 'Priya Natarajan',
      buyer_email: 'priya.natarajan@example.com',
      created_at: '2026-03-03 19:35:1772566559',
    },
  },
};

export const newFormSubmission = {
  type: 'new_form_submission',
  id: '9c2d4e6f-8a1b-4c3d-9e5f-7a6b5c4d3e21',
  occurred_at: '2026-03-04T14:26:59.799+00:00',
  payload: {
    form_submission: {
      id: 1290,
      form_id: 17,
      form_title: 'New Client Intake',
      submitter_name: 'Priya Natarajan',
      submitter_email: 'priya.natarajan@example.com',
      answers: [
        {
          question: 'What do you want to achieve in the next 90 days?',
          answer: 'Ship the v2 onboarding flow and hire two engineers.',
        },
        {
          question: 'Preferred session time',
          answer: 'Tuesday mornings',
        },
      ],
      created_at: '2026-03-04 14:26:1772634419',
    },
  },
};

export const taskCompleted = {
  type: 'task_completed',
  id: '2a7b9c1d-3e4f-4a5b-8c6d-0e1f2a3b4c5d',
  occurred_at: '2026-03-05T15:23:59.799+00:00',
  payload: {
    task: {
      id: 733,
      title: 'Watch onboarding video 2',
      completed_by_email: 'priya.natarajan@example.com',
      conversation_url: 'http://northwindcoaching.clarityflow.com/c/conversation-with-priya-natarajan',
      completed_at: '2026-03-05 15:23:1772724239',
    },
  },
};
